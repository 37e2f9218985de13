// IpAddress / NotIpAddress, table-driven. IAM User Guide, "Condition operators", IP address condition
// operators: an address or a range in CIDR notation (RFC 4632), IPv4 or IPv6; an address without a prefix
// is the single address. A request value that is not an address never matches.
import { MISSING, table } from './conditionTable.testkit.js';

table([
  ['IpAddress', '203.0.113.0/24', '203.0.113.0', true, 'the network address is in the range'],
  ['IpAddress', '203.0.113.0/24', '203.0.113.255', true, 'the last address of the range'],
  ['IpAddress', '203.0.113.0/24', '203.0.114.0', false, 'one past the range'],
  ['IpAddress', '203.0.113.5', '203.0.113.5', true, 'no prefix: that one address'],
  ['IpAddress', '203.0.113.5', '203.0.113.6', false, 'no prefix: not its neighbour'],
  ['IpAddress', '203.0.113.5/32', '203.0.113.5', true, '/32'],
  ['IpAddress', '10.0.0.0/8', '10.255.255.255', true, '/8'],
  ['IpAddress', '0.0.0.0/0', '198.51.100.1', true, '/0 is every IPv4 address'],
  ['IpAddress', '203.0.113.0/24', '203.0.113.256', false, 'not an address'],
  ['IpAddress', '203.0.113.0/24', 'not-an-ip', false, 'not an address'],
  ['IpAddress', '2001:DB8:1234:5678::/64', '2001:db8:1234:5678:abcd::1', true, 'IPv6 CIDR, case-insensitive hex'],
  ['IpAddress', '2001:DB8:1234:5678::/64', '2001:db8:1234:5679::1', false, 'IPv6 outside the /64'],
  ['IpAddress', '2001:db8::1', '2001:0db8:0000:0000:0000:0000:0000:0001', true, 'IPv6 compressed vs full form'],
  ['IpAddress', '::/0', '::1', true, '::/0 is every IPv6 address'],
  ['IpAddress', '2001:db8::/32', '203.0.113.5', false, 'an IPv4 address is not in an IPv6 range'],
  ['IpAddress', ['203.0.113.0/24', '2001:db8::/32'], '2001:db8::5', true, 'IPv4 and IPv6 ranges together, ORed'],
  ['IpAddress', '10.0.0.0/8', MISSING, false, 'key absent'],

  ['NotIpAddress', '10.0.0.0/8', '11.0.0.1', true, 'outside'],
  ['NotIpAddress', '10.0.0.0/8', '10.1.2.3', false, 'inside'],
  ['NotIpAddress', ['10.0.0.0/8', '192.168.0.0/16'], '192.168.1.1', false, 'in any range: false'],
  ['NotIpAddress', '2001:db8::/32', '2001:db9::1', true, 'IPv6 outside'],
  ['NotIpAddress', '10.0.0.0/8', MISSING, true, 'key absent: negated is true'],
]);
