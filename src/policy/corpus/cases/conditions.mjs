import { file, c, doc, st, allow, rpAllow, A, S, user, session } from './lib.mjs';

file('conditions');
const me = user();
/** An Allow with one condition; expected Allow when the condition holds, else ImplicitDeny. */
const cond = (name, source, op, key, values, context, holds, action = 'x:Act', principal = me) =>
  c(name, source, { action, resource: '*', principal, context }, { identity: [doc(st('Allow', `${action.split(':')[0]}:*`, '*', { Condition: { [op]: { [key]: values } } }))] },
    holds ? 'Allow' : 'ImplicitDeny', 'identity-based');
/** A Deny with one condition after an allow-all; expected ExplicitDeny when it holds, else Allow. */
const denyCond = (name, source, op, key, values, context, holds) =>
  c(name, source, { action: 'x:Act', resource: '*', principal: me, context },
    { identity: [doc(st('Allow', '*', '*'), st('Deny', 'x:*', '*', { Condition: { [op]: { [key]: values } } }))] },
    holds ? 'ExplicitDeny' : 'Allow', 'identity-based');

const STR = `${S.OPS} / String condition operators`;
const MISS = `${S.OPS}: if the key is not present in the request context the condition is false; negated operators are true`;
cond('StringEquals matches exactly', STR, 'StringEquals', 'aws:PrincipalTag/job-category', 'iamuser-admin', { 'aws:PrincipalTag/job-category': 'iamuser-admin' }, true);
cond('StringEquals is case-sensitive', STR, 'StringEquals', 'aws:PrincipalTag/job-category', 'iamuser-admin', { 'aws:PrincipalTag/job-category': 'IAMUser-Admin' }, false);
cond('StringEquals: user without the tag is denied (key absent)', `${STR} (aws:PrincipalTag/job-category example)`, 'StringEquals', 'aws:PrincipalTag/job-category', 'iamuser-admin', {}, false);
cond('StringEquals does not treat * as a wildcard', STR, 'StringEquals', 'x:k', 'a*', { 'x:k': 'abc' }, false);
cond('StringEquals with * matches a literal *', STR, 'StringEquals', 'x:k', 'a*', { 'x:k': 'a*' }, true);
cond('StringEquals: several values are ORed', `${S.OPS}: multiple values for one key are evaluated with a logical OR`, 'StringEquals', 'x:k', ['a', 'b', 'c'], { 'x:k': 'b' }, true);
cond('StringNotEquals with a different value', STR, 'StringNotEquals', 'x:k', 'a', { 'x:k': 'b' }, true);
cond('StringNotEquals with the same value', STR, 'StringNotEquals', 'x:k', 'a', { 'x:k': 'a' }, false);
cond('StringNotEquals with several values is a NOR: value in the list', STR, 'StringNotEquals', 'x:k', ['a', 'b'], { 'x:k': 'b' }, false);
cond('StringNotEquals with several values is a NOR: value not in the list', STR, 'StringNotEquals', 'x:k', ['a', 'b'], { 'x:k': 'c' }, true);
cond('StringNotEquals with the key absent is true', MISS, 'StringNotEquals', 'x:k', 'a', {}, true);
cond('StringEqualsIgnoreCase', STR, 'StringEqualsIgnoreCase', 'x:k', 'HeLLo', { 'x:k': 'hello' }, true);
cond('StringEqualsIgnoreCase, different text', STR, 'StringEqualsIgnoreCase', 'x:k', 'hello', { 'x:k': 'help' }, false);
cond('StringNotEqualsIgnoreCase, same text in other case', STR, 'StringNotEqualsIgnoreCase', 'x:k', 'HELLO', { 'x:k': 'hello' }, false);
cond('StringNotEqualsIgnoreCase, different text', STR, 'StringNotEqualsIgnoreCase', 'x:k', 'HELLO', { 'x:k': 'world' }, true);
cond('StringNotEqualsIgnoreCase, key absent', MISS, 'StringNotEqualsIgnoreCase', 'x:k', 'HELLO', {}, true);
cond('StringLike with *', STR, 'StringLike', 's3:prefix', 'home/*', { 's3:prefix': 'home/bob/' }, true);
cond('StringLike with ?', STR, 'StringLike', 'x:k', 'a?c', { 'x:k': 'abc' }, true);
cond('StringLike with ? needs exactly one character', STR, 'StringLike', 'x:k', 'a?c', { 'x:k': 'ac' }, false);
cond('StringLike is case-sensitive', STR, 'StringLike', 'x:k', 'Home/*', { 'x:k': 'home/x' }, false);
cond('StringLike needs wildcards for partial matches', `${STR}: you must specify wildcards to achieve partial string matches`, 'StringLike', 'x:k', 'home', { 'x:k': 'home/x' }, false);
cond('StringLike with the empty string', STR, 'StringLike', 's3:prefix', ['', 'home/'], { 's3:prefix': '' }, true);
cond('StringLike, key absent', MISS, 'StringLike', 's3:prefix', '*', {}, false);
cond('StringNotLike, matching value', STR, 'StringNotLike', 'x:k', 'a*', { 'x:k': 'abc' }, false);
cond('StringNotLike, other value', STR, 'StringNotLike', 'x:k', 'a*', { 'x:k': 'xyz' }, true);
cond('StringNotLike, key absent', MISS, 'StringNotLike', 'x:k', 'a*', {}, true);
cond('Condition key names are case-insensitive', `${S.VARS}: key names are case-insensitive`, 'StringEquals', 'AWS:PrincipalTag/Job-Category', 'x', { 'aws:principaltag/job-category': 'x' }, true);

const NUM = `${S.OPS} / Numeric condition operators`;
cond('NumericLessThanEquals: s3:max-keys 10 ≤ 10', `${NUM} (s3:max-keys example)`, 'NumericLessThanEquals', 's3:max-keys', '10', { 's3:max-keys': '10' }, true, 's3:ListBucket');
cond('NumericLessThanEquals: s3:max-keys 11 > 10', `${NUM} (s3:max-keys example)`, 'NumericLessThanEquals', 's3:max-keys', '10', { 's3:max-keys': '11' }, false, 's3:ListBucket');
cond('NumericLessThanEquals: key absent', `${NUM} (s3:max-keys example)`, 'NumericLessThanEquals', 's3:max-keys', '10', {}, false, 's3:ListBucket');
cond('NumericEquals', NUM, 'NumericEquals', 'x:n', '5', { 'x:n': '5' }, true);
cond('NumericEquals with a decimal', NUM, 'NumericEquals', 'x:n', '2.5', { 'x:n': '2.50' }, true);
cond('NumericEquals, different', NUM, 'NumericEquals', 'x:n', '5', { 'x:n': '6' }, false);
cond('NumericNotEquals, different', NUM, 'NumericNotEquals', 'x:n', '5', { 'x:n': '6' }, true);
cond('NumericNotEquals, same', NUM, 'NumericNotEquals', 'x:n', '5', { 'x:n': '5' }, false);
cond('NumericNotEquals, key absent', MISS, 'NumericNotEquals', 'x:n', '5', {}, true);
cond('NumericLessThan', NUM, 'NumericLessThan', 'x:n', '5', { 'x:n': '4' }, true);
cond('NumericLessThan, equal', NUM, 'NumericLessThan', 'x:n', '5', { 'x:n': '5' }, false);
cond('NumericGreaterThan', NUM, 'NumericGreaterThan', 'x:n', '5', { 'x:n': '6' }, true);
cond('NumericGreaterThan, equal', NUM, 'NumericGreaterThan', 'x:n', '5', { 'x:n': '5' }, false);
cond('NumericGreaterThanEquals, equal', NUM, 'NumericGreaterThanEquals', 'x:n', '5', { 'x:n': '5' }, true);
cond('NumericGreaterThanEquals, less', NUM, 'NumericGreaterThanEquals', 'x:n', '5', { 'x:n': '4.99' }, false);
cond('Numeric value given as a JSON number', NUM, 'NumericLessThan', 'aws:MultiFactorAuthAge', 3600, { 'aws:MultiFactorAuthAge': '120' }, true);
cond('Numeric: a non-number request value never matches', NUM, 'NumericLessThan', 'x:n', '5', { 'x:n': 'abc' }, false);

const DATE = `${S.OPS} / Date condition operators`;
cond('DateGreaterThan: credentials issued in 2020', `${DATE} (aws:TokenIssueTime example)`, 'DateGreaterThan', 'aws:TokenIssueTime', '2020-01-01T00:00:01Z', { 'aws:TokenIssueTime': '2020-05-01T12:00:00Z' }, true);
cond('DateGreaterThan: credentials issued before', `${DATE} (aws:TokenIssueTime example)`, 'DateGreaterThan', 'aws:TokenIssueTime', '2020-01-01T00:00:01Z', { 'aws:TokenIssueTime': '2019-12-31T00:00:00Z' }, false);
cond('DateGreaterThan: long-term keys have no aws:TokenIssueTime', `${DATE}: the key is present only with temporary credentials`, 'DateGreaterThan', 'aws:TokenIssueTime', '2020-01-01T00:00:01Z', {}, false);
cond('DateLessThan with aws:CurrentTime', DATE, 'DateLessThan', 'aws:CurrentTime', '2030-01-01T00:00:00Z', { 'aws:CurrentTime': '2026-01-01T00:00:00Z' }, true);
cond('DateLessThan with aws:CurrentTime after the date', DATE, 'DateLessThan', 'aws:CurrentTime', '2020-01-01T00:00:00Z', { 'aws:CurrentTime': '2026-01-01T00:00:00Z' }, false);
cond('DateLessThanEquals at the same instant', DATE, 'DateLessThanEquals', 'aws:CurrentTime', '2026-01-01T00:00:00Z', { 'aws:CurrentTime': '2026-01-01T00:00:00Z' }, true);
cond('DateGreaterThanEquals at the same instant', DATE, 'DateGreaterThanEquals', 'aws:CurrentTime', '2026-01-01T00:00:00Z', { 'aws:CurrentTime': '2026-01-01T00:00:00Z' }, true);
cond('DateEquals: ISO date against epoch seconds', `${DATE}: ISO 8601 or epoch (UNIX) time`, 'DateEquals', 'aws:EpochTime', '2020-01-01T00:00:00Z', { 'aws:EpochTime': '1577836800' }, true);
cond('DateEquals: epoch seconds in the policy', DATE, 'DateEquals', 'aws:CurrentTime', '1577836800', { 'aws:CurrentTime': '2020-01-01T00:00:00Z' }, true);
cond('DateNotEquals', DATE, 'DateNotEquals', 'aws:CurrentTime', '2020-01-01T00:00:00Z', { 'aws:CurrentTime': '2021-01-01T00:00:00Z' }, true);
cond('DateNotEquals, same instant', DATE, 'DateNotEquals', 'aws:CurrentTime', '2020-01-01T00:00:00Z', { 'aws:CurrentTime': '2020-01-01T00:00:00Z' }, false);
cond('DateLessThan with a date-only value', DATE, 'DateLessThan', 'aws:CurrentTime', '2020-01-02', { 'aws:CurrentTime': '2020-01-01T23:59:59Z' }, true);
cond('Date with a time-zone offset', DATE, 'DateEquals', 'aws:CurrentTime', '2020-01-01T02:00:00+02:00', { 'aws:CurrentTime': '2020-01-01T00:00:00Z' }, true);

const BOOL = `${S.OPS} / Boolean condition operators`;
denyCond('Deny when aws:SecureTransport is false', `${BOOL} (BooleanExample)`, 'Bool', 'aws:SecureTransport', 'false', { 'aws:SecureTransport': 'false' }, true);
denyCond('No deny over TLS', `${BOOL} (BooleanExample)`, 'Bool', 'aws:SecureTransport', 'false', { 'aws:SecureTransport': 'true' }, false);
cond('Bool with a JSON boolean', BOOL, 'Bool', 'aws:MultiFactorAuthPresent', true, { 'aws:MultiFactorAuthPresent': 'true' }, true);
cond('Bool compares without regard to case', BOOL, 'Bool', 'aws:MultiFactorAuthPresent', 'True', { 'aws:MultiFactorAuthPresent': 'true' }, true);
cond('Bool, key absent', MISS, 'Bool', 'aws:MultiFactorAuthPresent', 'true', {}, false);
cond('Bool false does not match an absent key', MISS, 'Bool', 'aws:MultiFactorAuthPresent', 'false', {}, false);

const BIN = `${S.OPS} / Binary condition operators`;
cond('BinaryEquals, same bytes', BIN, 'BinaryEquals', 'x:key', 'QmluYXJ5VmFsdWVJbkJhc2U2NA==', { 'x:key': 'QmluYXJ5VmFsdWVJbkJhc2U2NA==' }, true);
cond('BinaryEquals, other bytes', BIN, 'BinaryEquals', 'x:key', 'QmluYXJ5VmFsdWVJbkJhc2U2NA==', { 'x:key': 'QmluYXJ5VmFsdWU=' }, false);
cond('BinaryEquals, key absent', BIN, 'BinaryEquals', 'x:key', 'QmluYXJ5VmFsdWVJbkJhc2U2NA==', {}, false);

const IP = `${S.OPS} / IP address condition operators`;
cond('IpAddress in 203.0.113.0/24', `${IP} (aws:SourceIp example)`, 'IpAddress', 'aws:SourceIp', '203.0.113.0/24', { 'aws:SourceIp': '203.0.113.200' }, true);
cond('IpAddress outside 203.0.113.0/24', `${IP} (aws:SourceIp example)`, 'IpAddress', 'aws:SourceIp', '203.0.113.0/24', { 'aws:SourceIp': '198.51.100.7' }, false);
cond('IpAddress without a prefix means /32', `${IP}: IAM uses the default prefix value of /32`, 'IpAddress', 'aws:SourceIp', '203.0.113.5', { 'aws:SourceIp': '203.0.113.5' }, true);
cond('IpAddress without a prefix, other address', `${IP}: /32 default`, 'IpAddress', 'aws:SourceIp', '203.0.113.5', { 'aws:SourceIp': '203.0.113.6' }, false);
cond('IpAddress, mixed IPv4/IPv6 list, IPv6 caller', `${IP} (IPv4 and IPv6 example)`, 'IpAddress', 'aws:SourceIp', ['203.0.113.0/24', '2001:DB8:1234:5678::/64'], { 'aws:SourceIp': '2001:db8:1234:5678::1' }, true);
cond('IpAddress, mixed list, IPv6 caller outside', `${IP} (IPv4 and IPv6 example)`, 'IpAddress', 'aws:SourceIp', ['203.0.113.0/24', '2001:DB8:1234:5678::/64'], { 'aws:SourceIp': '2001:db8:1234:9999::1' }, false);
cond('IpAddress, mixed list, IPv4 caller', `${IP} (IPv4 and IPv6 example)`, 'IpAddress', 'aws:SourceIp', ['203.0.113.0/24', '2001:DB8:1234:5678::/64'], { 'aws:SourceIp': '203.0.113.9' }, true);
cond('IpAddress: no aws:SourceIp (VPC endpoint) → false', `${IP}: via a VPC endpoint the condition returns false`, 'IpAddress', 'aws:SourceIp', '203.0.113.0/24', {}, false);
cond('NotIpAddress outside the range', IP, 'NotIpAddress', 'aws:SourceIp', '10.0.0.0/8', { 'aws:SourceIp': '192.0.2.1' }, true);
cond('NotIpAddress inside the range', IP, 'NotIpAddress', 'aws:SourceIp', '10.0.0.0/8', { 'aws:SourceIp': '10.9.8.7' }, false);
cond('NotIpAddress, key absent', MISS, 'NotIpAddress', 'aws:SourceIp', '10.0.0.0/8', {}, true);
cond('IpAddress /0 matches every IPv4 address', IP, 'IpAddress', 'aws:SourceIp', '0.0.0.0/0', { 'aws:SourceIp': '8.8.8.8' }, true);
cond('IpAddress with an IPv6 /128', IP, 'IpAddress', 'aws:SourceIp', '2001:db8::1', { 'aws:SourceIp': '2001:DB8:0:0:0:0:0:1' }, true);

const ARN = `${S.OPS} / Amazon Resource Name (ARN) condition operators`;
const sqsPolicy = (ctx, holds) =>
  c(`SQS queue policy with ArnEquals aws:SourceArn (${holds ? 'matching topic' : 'other topic'})`, `${ARN} (SQS example)`,
    { action: 'SQS:SendMessage', resource: `arn:aws:sqs:us-east-1:${A}:QUEUE-ID`, principal: user('sender'), context: ctx },
    { identity: [], resource: rpAllow({ AWS: A }, 'SQS:SendMessage', `arn:aws:sqs:us-east-1:${A}:QUEUE-ID`, { Condition: { ArnEquals: { 'aws:SourceArn': `arn:aws:sns:us-east-1:${A}:TOPIC-ID` } } }) },
    'ImplicitDeny', 'identity-based');
sqsPolicy({ 'aws:SourceArn': `arn:aws:sns:us-east-1:${A}:TOPIC-ID` }, true);
sqsPolicy({ 'aws:SourceArn': `arn:aws:sns:us-east-1:${A}:OTHER` }, false);
c('SQS queue policy with ArnEquals, sender has an identity allow', `${ARN} (SQS example)`,
  { action: 'sqs:SendMessage', resource: `arn:aws:sqs:us-east-1:${A}:QUEUE-ID`, principal: user('sender'), context: { 'aws:SourceArn': `arn:aws:sns:us-east-1:${A}:TOPIC-ID` } },
  { identity: [allow('sqs:SendMessage')], resource: rpAllow({ AWS: A }, 'SQS:SendMessage', `arn:aws:sqs:us-east-1:${A}:QUEUE-ID`, { Condition: { ArnEquals: { 'aws:SourceArn': `arn:aws:sns:us-east-1:${A}:TOPIC-ID` } } }) },
  'Allow', 'identity-based');
const someArn = 'arn:aws:someservice:us-east-2:999999999999:store/abc:111122223333:finance/document.txt';
cond('StringLike crosses colons (AWS ArnLike vs StringLike example)', `${ARN}: with a StringLike condition the match succeeds`, 'StringLike', 'x:arn', 'arn:aws:someservice:*:111122223333:finance/*', { 'x:arn': someArn }, true);
cond('ArnLike matches each segment separately (AWS example)', `${ARN}: with an ArnLike condition the match fails`, 'ArnLike', 'x:arn', 'arn:aws:someservice:*:111122223333:finance/*', { 'x:arn': someArn }, false);
cond('ArnLike with wildcards within segments', ARN, 'ArnLike', 'aws:SourceArn', 'arn:aws:sns:*:111122223333:*', { 'aws:SourceArn': 'arn:aws:sns:eu-west-1:111122223333:alerts' }, true);
cond('ArnLike is case-sensitive', ARN, 'ArnLike', 'aws:SourceArn', 'arn:aws:sns:*:111122223333:Alerts', { 'aws:SourceArn': 'arn:aws:sns:eu-west-1:111122223333:alerts' }, false);
cond('ArnEquals behaves like ArnLike (wildcards)', `${ARN}: ArnEquals and ArnLike behave identically`, 'ArnEquals', 'aws:SourceArn', 'arn:aws:sns:*:111122223333:*', { 'aws:SourceArn': 'arn:aws:sns:eu-west-1:111122223333:alerts' }, true);
cond('ArnNotEquals, other ARN', ARN, 'ArnNotEquals', 'aws:PrincipalArn', 'arn:aws:iam::111122223333:role/admin', { 'aws:PrincipalArn': 'arn:aws:iam::111122223333:role/dev' }, true);
cond('ArnNotLike, matching ARN', ARN, 'ArnNotLike', 'aws:PrincipalArn', 'arn:aws:iam::*:role/admin*', { 'aws:PrincipalArn': 'arn:aws:iam::111122223333:role/admin-1' }, false);
cond('ArnNotLike, key absent', MISS, 'ArnNotLike', 'aws:SourceArn', 'arn:aws:sns:*:*:*', {}, true);
cond('ArnLike, key absent', MISS, 'ArnLike', 'aws:SourceArn', 'arn:aws:sns:*:*:*', {}, false);

const IFEX = `${S.OPS} / ...IfExists condition operators`;
const ec2 = (type, holds, name) =>
  c(name, `${IFEX} (RunInstance example)`,
    { action: 'ec2:RunInstances', resource: `arn:aws:ec2:us-east-1:${A}:${type === null ? 'image/ami-1' : 'instance/*'}`, principal: me, context: type === null ? {} : { 'ec2:InstanceType': type } },
    { identity: [doc({ Sid: 'RunInstance', Effect: 'Allow', Action: 'ec2:RunInstances', Resource: '*', Condition: { StringLikeIfExists: { 'ec2:InstanceType': ['t1.*', 't2.*', 'm3.*'] } } })] },
    holds ? 'Allow' : 'ImplicitDeny', 'identity-based');
ec2('t2.micro', true, 'StringLikeIfExists: allowed instance type');
ec2('c5.large', false, 'StringLikeIfExists: other instance type');
ec2(null, true, 'StringLikeIfExists: resources without ec2:InstanceType (images, key pairs...)');
c('THISPOLICYDOESNOTWORK: StringLike fails for resources without the key', `${IFEX} (THISPOLICYDOESNOTWORK example)`,
  { action: 'ec2:RunInstances', resource: `arn:aws:ec2:us-east-1:${A}:image/ami-1`, principal: me },
  { identity: [doc({ Sid: 'THISPOLICYDOESNOTWORK', Effect: 'Allow', Action: 'ec2:RunInstances', Resource: '*', Condition: { StringLike: { 'ec2:InstanceType': ['t1.*', 't2.*', 'm3.*'] } } })] }, 'ImplicitDeny', 'identity-based');
cond('NumericLessThanIfExists, key absent', IFEX, 'NumericLessThanIfExists', 'x:n', '5', {}, true);
cond('NumericLessThanIfExists, key present and too big', IFEX, 'NumericLessThanIfExists', 'x:n', '5', { 'x:n': '7' }, false);
cond('DateGreaterThanIfExists, key absent', IFEX, 'DateGreaterThanIfExists', 'aws:TokenIssueTime', '2020-01-01T00:00:00Z', {}, true);
cond('IpAddressIfExists, key absent', IFEX, 'IpAddressIfExists', 'aws:SourceIp', '10.0.0.0/8', {}, true);
cond('IpAddressIfExists, key present outside', IFEX, 'IpAddressIfExists', 'aws:SourceIp', '10.0.0.0/8', { 'aws:SourceIp': '11.0.0.1' }, false);
cond('ArnLikeIfExists, key absent', IFEX, 'ArnLikeIfExists', 'aws:SourceArn', 'arn:aws:sns:*:*:x', {}, true);
cond('BinaryEqualsIfExists, key absent', IFEX, 'BinaryEqualsIfExists', 'x:b', 'AAAA', {}, true);
denyCond('Deny with StringNotEqualsIfExists and the tag missing still denies', `${IFEX}: with Deny and a negated operator the request is still denied if the tag is missing`,
  'StringNotEqualsIfExists', 'aws:ResourceTag/team', 'blue', {}, true);
denyCond('Deny with StringNotEqualsIfExists, tag matches', IFEX, 'StringNotEqualsIfExists', 'aws:ResourceTag/team', 'blue', { 'aws:ResourceTag/team': 'blue' }, false);

const NULLC = `${S.OPS} / Condition operator to check existence of condition keys (Null)`;
const ec2Null = (ctx, holds, name) =>
  c(name, `${NULLC} (aws:TokenIssueTime example)`, { action: 'ec2:DescribeInstances', resource: '*', principal: me, context: ctx },
    { identity: [doc({ Action: 'ec2:*', Effect: 'Allow', Resource: '*', Condition: { Null: { 'aws:TokenIssueTime': 'true' } } })] }, holds ? 'Allow' : 'ImplicitDeny', 'identity-based');
ec2Null({}, true, 'Null true: long-term credentials (no aws:TokenIssueTime)');
ec2Null({ 'aws:TokenIssueTime': '2024-01-01T00:00:00Z' }, false, 'Null true: temporary credentials are refused');
cond('Null false: key present', NULLC, 'Null', 'aws:TokenIssueTime', 'false', { 'aws:TokenIssueTime': '2024-01-01T00:00:00Z' }, true);
cond('Null false: key absent', NULLC, 'Null', 'aws:TokenIssueTime', 'false', {}, false);

const AND = `${S.OPS}: conditions with several operators or keys are ANDed`;
c('Two operators: both hold', AND, { action: 'x:Act', resource: '*', principal: me, context: { 'aws:SecureTransport': 'true', 'aws:SourceIp': '10.1.1.1' } },
  { identity: [doc(st('Allow', 'x:*', '*', { Condition: { Bool: { 'aws:SecureTransport': 'true' }, IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } } }))] }, 'Allow', 'identity-based');
c('Two operators: one fails', AND, { action: 'x:Act', resource: '*', principal: me, context: { 'aws:SecureTransport': 'true', 'aws:SourceIp': '11.1.1.1' } },
  { identity: [doc(st('Allow', 'x:*', '*', { Condition: { Bool: { 'aws:SecureTransport': 'true' }, IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } } }))] }, 'ImplicitDeny', 'identity-based');
c('Two keys under one operator: both hold', AND, { action: 'x:Act', resource: '*', principal: me, context: { 'aws:PrincipalTag/team': 'a', 'aws:RequestTag/team': 'a' } },
  { identity: [doc(st('Allow', 'x:*', '*', { Condition: { StringEquals: { 'aws:PrincipalTag/team': 'a', 'aws:RequestTag/team': 'a' } } }))] }, 'Allow', 'identity-based');
c('Two keys under one operator: one fails', AND, { action: 'x:Act', resource: '*', principal: me, context: { 'aws:PrincipalTag/team': 'a', 'aws:RequestTag/team': 'b' } },
  { identity: [doc(st('Allow', 'x:*', '*', { Condition: { StringEquals: { 'aws:PrincipalTag/team': 'a', 'aws:RequestTag/team': 'a' } } }))] }, 'ImplicitDeny', 'identity-based');

// Multi-valued keys and set operators.
const attrs = ['PostDateTime', 'Message', 'Tags'];
const ddb = (op, values, requested, effect, name, holdsEffect) =>
  c(name, `${S.MULTI} (DynamoDB Thread table example)`,
    { action: effect === 'Allow' ? 'dynamodb:GetItem' : 'dynamodb:PutItem', resource: `arn:aws:dynamodb:us-east-1:${A}:table/Thread`, principal: me, context: requested === null ? {} : { 'dynamodb:requestedAttributes': requested } },
    { identity: effect === 'Allow'
      ? [doc(st('Allow', 'dynamodb:GetItem', `arn:aws:dynamodb:*:${A}:table/Thread`, { Condition: { [op]: { 'dynamodb:requestedAttributes': values } } }))]
      : [doc(st('Allow', 'dynamodb:*', '*'), st('Deny', 'dynamodb:PutItem', `arn:aws:dynamodb:*:${A}:table/Thread`, { Condition: { [op]: { 'dynamodb:requestedAttributes': values } } }))] },
    holdsEffect, 'identity-based');
ddb('ForAllValues:StringLike', attrs, ['PostDateTime', 'Message'], 'Allow', 'ForAllValues: every requested attribute is listed', 'Allow');
ddb('ForAllValues:StringLike', attrs, ['PostDateTime', 'UserName'], 'Allow', 'ForAllValues: UserName is not listed', 'ImplicitDeny');
ddb('ForAllValues:StringLike', attrs, ['ID'], 'Allow', 'ForAllValues: ID is not listed', 'ImplicitDeny');
ddb('ForAllValues:StringLike', attrs, [], 'Allow', 'ForAllValues with an empty set of request values is true', 'Allow');
ddb('ForAllValues:StringLike', attrs, null, 'Allow', 'ForAllValues with the key absent is true', 'Allow');
ddb('ForAnyValue:StringLike', ['ID', 'PostDateTime'], ['UserName', 'Message', 'PostDateTime'], 'Deny', 'ForAnyValue: PostDateTime is in the deny list', 'ExplicitDeny');
ddb('ForAnyValue:StringLike', ['ID', 'PostDateTime'], ['UserName'], 'Deny', 'ForAnyValue: UserName alone is not denied', 'Allow');
ddb('ForAnyValue:StringLike', ['ID', 'PostDateTime'], null, 'Deny', 'ForAnyValue with the key absent is false', 'Allow');
ddb('ForAnyValue:StringLike', ['ID', 'PostDateTime'], [], 'Deny', 'ForAnyValue with an empty set is false', 'Allow');
ddb('ForAllValues:StringEquals', ['Message'], ['Message', 'Message'], 'Allow', 'ForAllValues with repeated values', 'Allow');
const TAGS = `${S.MULTI}: aws:TagKeys`;
cond('ForAllValues:StringEquals on aws:TagKeys, all allowed', TAGS, 'ForAllValues:StringEquals', 'aws:TagKeys', ['env', 'team'], { 'aws:TagKeys': ['env'] }, true);
cond('ForAllValues:StringEquals on aws:TagKeys, one not allowed', TAGS, 'ForAllValues:StringEquals', 'aws:TagKeys', ['env', 'team'], { 'aws:TagKeys': ['env', 'cost'] }, false);
cond('ForAnyValue:StringEquals on aws:TagKeys, one listed', TAGS, 'ForAnyValue:StringEquals', 'aws:TagKeys', ['env'], { 'aws:TagKeys': ['env', 'cost'] }, true);
cond('ForAllValues:StringNotEquals: no forbidden tag key', TAGS, 'ForAllValues:StringNotEquals', 'aws:TagKeys', ['secret'], { 'aws:TagKeys': ['env', 'cost'] }, true);
cond('ForAllValues:StringNotEquals: a forbidden tag key', TAGS, 'ForAllValues:StringNotEquals', 'aws:TagKeys', ['secret'], { 'aws:TagKeys': ['env', 'secret'] }, false);
cond('ForAnyValue:StringNotEquals: some key differs', TAGS, 'ForAnyValue:StringNotEquals', 'aws:TagKeys', ['env'], { 'aws:TagKeys': ['env', 'cost'] }, true);
cond('ForAnyValue:StringNotEquals: every key is listed', TAGS, 'ForAnyValue:StringNotEquals', 'aws:TagKeys', ['env'], { 'aws:TagKeys': ['env'] }, false);
cond('ForAllValues:StringLikeIfExists, key absent', TAGS, 'ForAllValues:StringLikeIfExists', 'aws:TagKeys', ['e*'], {}, true);
cond('ForAnyValue:StringLikeIfExists, key absent', `${IFEX} with a set operator`, 'ForAnyValue:StringLikeIfExists', 'aws:TagKeys', ['e*'], {}, true);
cond('ForAnyValue:NumericLessThan over several values', S.MULTI, 'ForAnyValue:NumericLessThan', 'x:nums', '5', { 'x:nums': ['9', '3'] }, true);
cond('ForAllValues:NumericLessThan over several values', S.MULTI, 'ForAllValues:NumericLessThan', 'x:nums', '5', { 'x:nums': ['9', '3'] }, false);
cond('ForAnyValue:ArnLike over aws:CalledVia-style keys', S.MULTI, 'ForAnyValue:StringEquals', 'aws:CalledVia', 'cloudformation.amazonaws.com', { 'aws:CalledVia': ['athena.amazonaws.com', 'cloudformation.amazonaws.com'] }, true);
cond('ForAllValues on a role session tag list', S.MULTI, 'ForAllValues:StringLike', 'aws:TagKeys', ['project-*'], { 'aws:TagKeys': ['project-a', 'project-b'] }, true, 'x:Act', session());
