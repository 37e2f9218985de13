import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parsePolicy } from '../parse.js';
import { createContext } from '../context.js';
import { evaluateCondition } from './evaluate.js';

/** Evaluates a one-condition statement against a context. */
function cond(operator: string, key: string, values: unknown, ctx: Record<string, string | string[]>, version = '2012-10-17') {
  const p = parsePolicy(
    JSON.stringify({ Version: version, Statement: { Effect: 'Allow', Action: 'x:y', Resource: '*', Condition: { [operator]: { [key]: values } } } }),
    'identity',
  );
  const c = p.statements[0]!.conditions[0]!;
  return evaluateCondition(c, createContext(ctx), null);
}

test('string operators', () => {
  assert.equal(cond('StringEquals', 'aws:username', 'bob', { 'aws:username': 'bob' }), true);
  assert.equal(cond('StringEquals', 'aws:username', 'Bob', { 'aws:username': 'bob' }), false);
  assert.equal(cond('StringEquals', 'aws:username', 'b*', { 'aws:username': 'bob' }), false);
  assert.equal(cond('StringEqualsIgnoreCase', 'aws:username', 'BOB', { 'aws:username': 'bob' }), true);
  assert.equal(cond('StringNotEqualsIgnoreCase', 'aws:username', 'BOB', { 'aws:username': 'bob' }), false);
  assert.equal(cond('StringLike', 's3:prefix', ['', 'home/', 'home/${aws:username}/*'], { 's3:prefix': 'home/bob/x', 'aws:username': 'bob' }), true);
  assert.equal(cond('StringLike', 's3:prefix', 'home/${aws:username}/*', { 's3:prefix': 'home/al/x', 'aws:username': 'bob' }), false);
  assert.equal(cond('StringNotLike', 's3:prefix', 'home/*', { 's3:prefix': 'other' }), true);
  assert.equal(cond('StringNotEquals', 'aws:username', ['a', 'b'], { 'aws:username': 'b' }), false, 'NOR');
  assert.equal(cond('StringNotEquals', 'aws:username', ['a', 'b'], { 'aws:username': 'c' }), true, 'NOR');
});

test('condition key names are case-insensitive', () => {
  assert.equal(cond('StringEquals', 'AWS:UserName', 'bob', { 'aws:username': 'bob' }), true);
  assert.equal(cond('StringEquals', 'aws:username', 'bob', { 'AWS:USERNAME': 'bob' }), true);
});

test('missing keys', () => {
  assert.equal(cond('StringEquals', 'aws:username', 'bob', {}), false);
  assert.equal(cond('StringNotEquals', 'aws:username', 'bob', {}), true);
  assert.equal(cond('StringEqualsIfExists', 'aws:username', 'bob', {}), true);
  assert.equal(cond('ForAllValues:StringEquals', 'aws:TagKeys', 'a', {}), true);
  assert.equal(cond('ForAnyValue:StringEquals', 'aws:TagKeys', 'a', {}), false);
  assert.equal(cond('NumericLessThan', 's3:max-keys', '10', {}), false);
  assert.equal(cond('NotIpAddress', 'aws:SourceIp', '10.0.0.0/8', {}), true);
  assert.equal(cond('ArnNotLike', 'aws:SourceArn', 'arn:aws:sns:*:1:t', {}), true);
  assert.equal(cond('BoolIfExists', 'aws:MultiFactorAuthPresent', 'false', {}), true);
  assert.equal(cond('Bool', 'aws:MultiFactorAuthPresent', 'false', {}), false);
});

test('Null', () => {
  assert.equal(cond('Null', 'aws:TokenIssueTime', 'true', {}), true);
  assert.equal(cond('Null', 'aws:TokenIssueTime', 'true', { 'aws:TokenIssueTime': '2020-01-01T00:00:00Z' }), false);
  assert.equal(cond('Null', 'aws:TokenIssueTime', false, { 'aws:TokenIssueTime': '2020-01-01T00:00:00Z' }), true);
  assert.equal(cond('Null', 'aws:TokenIssueTime', 'false', {}), false);
});

test('set operators', () => {
  const allowed = ['PostDateTime', 'Message', 'Tags'];
  assert.equal(cond('ForAllValues:StringLike', 'dynamodb:requestedAttributes', allowed, { 'dynamodb:requestedAttributes': ['PostDateTime', 'Message'] }), true);
  assert.equal(cond('ForAllValues:StringLike', 'dynamodb:requestedAttributes', allowed, { 'dynamodb:requestedAttributes': ['PostDateTime', 'UserName'] }), false);
  assert.equal(cond('ForAnyValue:StringLike', 'dynamodb:requestedAttributes', ['ID', 'PostDateTime'], { 'dynamodb:requestedAttributes': ['UserName', 'Message', 'PostDateTime'] }), true);
  assert.equal(cond('ForAnyValue:StringLike', 'dynamodb:requestedAttributes', ['ID', 'PostDateTime'], { 'dynamodb:requestedAttributes': ['UserName'] }), false);
  assert.equal(cond('ForAllValues:StringNotEquals', 'aws:TagKeys', ['a', 'b'], { 'aws:TagKeys': ['c', 'd'] }), true);
  assert.equal(cond('ForAllValues:StringNotEquals', 'aws:TagKeys', ['a', 'b'], { 'aws:TagKeys': ['c', 'a'] }), false);
  assert.equal(cond('ForAnyValue:StringNotEquals', 'aws:TagKeys', ['a'], { 'aws:TagKeys': ['a', 'c'] }), true);
  assert.equal(cond('ForAnyValue:StringNotEquals', 'aws:TagKeys', ['a'], { 'aws:TagKeys': ['a'] }), false);
  assert.equal(cond('StringEquals', 'aws:TagKeys', 'a', { 'aws:TagKeys': ['b', 'a'] }), true);
});

test('numeric', () => {
  assert.equal(cond('NumericLessThanEquals', 's3:max-keys', '10', { 's3:max-keys': '10' }), true);
  assert.equal(cond('NumericLessThan', 's3:max-keys', 10, { 's3:max-keys': '10' }), false);
  assert.equal(cond('NumericGreaterThan', 'aws:MultiFactorAuthAge', '3600', { 'aws:MultiFactorAuthAge': '3601' }), true);
  assert.equal(cond('NumericGreaterThanEquals', 'x:n', '1.5', { 'x:n': '1.50' }), true);
  assert.equal(cond('NumericEquals', 'x:n', '1', { 'x:n': 'one' }), false);
  assert.equal(cond('NumericNotEquals', 'x:n', '1', { 'x:n': '2' }), true);
});

test('date', () => {
  assert.equal(cond('DateGreaterThan', 'aws:TokenIssueTime', '2020-01-01T00:00:01Z', { 'aws:TokenIssueTime': '2020-06-01T00:00:00Z' }), true);
  assert.equal(cond('DateLessThan', 'aws:CurrentTime', '2020-01-01T00:00:00Z', { 'aws:CurrentTime': '2019-12-31T23:59:59Z' }), true);
  assert.equal(cond('DateLessThan', 'aws:EpochTime', '1577836800', { 'aws:EpochTime': '1577836799' }), true);
  assert.equal(cond('DateEquals', 'aws:CurrentTime', '2020-01-01', { 'aws:CurrentTime': '2020-01-01T00:00:00Z' }), true);
  assert.equal(cond('DateEquals', 'aws:CurrentTime', '1577836800', { 'aws:CurrentTime': '2020-01-01T00:00:00Z' }), true);
  assert.throws(() => cond('DateNotEquals', 'aws:CurrentTime', 'garbage', {}), { message: 'The policy failed legacy parsing' });
});

test('bool, binary', () => {
  assert.equal(cond('Bool', 'aws:SecureTransport', 'false', { 'aws:SecureTransport': 'false' }), true);
  assert.equal(cond('Bool', 'aws:SecureTransport', true, { 'aws:SecureTransport': 'TRUE' }), true);
  assert.equal(cond('BinaryEquals', 'x:b', 'QmluYXJ5VmFsdWVJbkJhc2U2NA==', { 'x:b': 'QmluYXJ5VmFsdWVJbkJhc2U2NA==' }), true);
  assert.equal(cond('BinaryEquals', 'x:b', 'QmluYXJ5VmFsdWVJbkJhc2U2NA==', { 'x:b': 'QmluYXJ5' }), false);
});

test('ip', () => {
  assert.equal(cond('IpAddress', 'aws:SourceIp', '203.0.113.0/24', { 'aws:SourceIp': '203.0.113.77' }), true);
  assert.equal(cond('IpAddress', 'aws:SourceIp', '203.0.113.0/24', { 'aws:SourceIp': '203.0.114.1' }), false);
  assert.equal(cond('IpAddress', 'aws:SourceIp', '203.0.113.5', { 'aws:SourceIp': '203.0.113.5' }), true);
  assert.equal(cond('IpAddress', 'aws:SourceIp', ['203.0.113.0/24', '2001:DB8:1234:5678::/64'], { 'aws:SourceIp': '2001:db8:1234:5678:abcd::1' }), true);
  assert.equal(cond('IpAddress', 'aws:SourceIp', '2001:DB8:1234:5678::/64', { 'aws:SourceIp': '2001:db8:1234:5679::1' }), false);
  assert.equal(cond('IpAddress', 'aws:SourceIp', '0.0.0.0/0', { 'aws:SourceIp': '::ffff:10.1.2.3' }), true);
  assert.equal(cond('IpAddress', 'aws:SourceIp', '::/0', { 'aws:SourceIp': '::1' }), true);
  assert.equal(cond('NotIpAddress', 'aws:SourceIp', '10.0.0.0/8', { 'aws:SourceIp': '11.0.0.1' }), true);
  assert.equal(cond('IpAddress', 'aws:SourceIp', '10.0.0.0/8', { 'aws:SourceIp': 'not-an-ip' }), false);
});

test('arn', () => {
  const t = 'arn:aws:sns:us-east-1:123456789012:topic';
  assert.equal(cond('ArnEquals', 'aws:SourceArn', t, { 'aws:SourceArn': t }), true);
  assert.equal(cond('ArnLike', 'aws:SourceArn', 'arn:aws:sns:*:123456789012:*', { 'aws:SourceArn': t }), true);
  assert.equal(cond('ArnLike', 'aws:SourceArn', 'arn:aws:sns:*:123456789012:*', { 'aws:SourceArn': 'arn:aws:sns:us-east-1:999:x:123456789012:y' }), false);
  assert.equal(cond('ArnNotLike', 'aws:PrincipalArn', 'arn:aws:iam::*:role/admin', { 'aws:PrincipalArn': 'arn:aws:iam::1:role/dev' }), true);
});

test('variables in 2008-10-17 policies are literal', () => {
  assert.equal(cond('StringEquals', 'x:v', '${aws:username}', { 'x:v': '${aws:username}', 'aws:username': 'bob' }, '2008-10-17'), true);
  assert.equal(cond('StringEquals', 'x:v', '${aws:username}', { 'x:v': 'bob', 'aws:username': 'bob' }, '2008-10-17'), false);
  assert.equal(cond('StringEquals', 'x:v', '${aws:username}', { 'x:v': 'bob', 'aws:username': 'bob' }), true);
});

test('variables are not substituted in numeric operators: such a value is not a number, and refused', () => {
  assert.throws(() => cond('NumericEquals', 'x:n', '${x:m}', { 'x:n': '1', 'x:m': '1' }), { message: 'The policy failed legacy parsing' });
});
