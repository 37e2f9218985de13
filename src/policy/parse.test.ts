import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fc from 'fast-check';
import { parsePolicy } from './parse.js';
import { PolicyValidationError } from './errors.js';
import type { PolicyKind } from './types.js';

const doc = (statement: unknown, extra: Record<string, unknown> = {}) =>
  JSON.stringify({ Version: '2012-10-17', ...extra, Statement: statement });
const ok = { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' };

function refused(text: string, kind: PolicyKind, message: string, options = {}) {
  assert.throws(
    () => parsePolicy(text, kind, options),
    (e: unknown) => e instanceof PolicyValidationError && e.message === message && e.code === 'MalformedPolicyDocument',
    message,
  );
}

test('accepts statement as object or array, both versions', () => {
  assert.equal(parsePolicy(doc(ok), 'identity').statements.length, 1);
  assert.equal(parsePolicy(doc([ok, { ...ok, Effect: 'Deny' }]), 'identity').statements.length, 2);
  assert.equal(parsePolicy(JSON.stringify({ Version: '2008-10-17', Statement: ok }), 'identity').version, '2008-10-17');
  assert.equal(parsePolicy(JSON.stringify({ Statement: ok }), 'identity').version, '2008-10-17');
});

test('AWS MalformedPolicyDocument messages', () => {
  refused('{"Version": "2012-10-17", ', 'identity', 'Syntax errors in policy.');
  refused('[]', 'identity', 'Syntax errors in policy.');
  refused(JSON.stringify({ Statement: ok }), 'identity', 'Policy document must be version 2012-10-17 or greater.', {
    requireCurrentVersion: true,
  });
  refused(doc(ok, { Version: '2012-10-18' }), 'identity', 'Syntax errors in policy.');
  refused(doc({ ...ok, Principal: '*' }), 'identity', 'Has prohibited field Principal');
  refused(doc({ ...ok, NotPrincipal: { AWS: '123456789012' } }), 'boundary', 'Has prohibited field NotPrincipal');
  refused(doc(ok), 'resource', 'Missing required field Principal');
  refused(doc({ Effect: 'Allow', Action: 'sts:AssumeRole' }), 'trust', 'Missing required field Principal');
  refused(
    doc({ Effect: 'Allow', Principal: { AWS: '123456789012' }, Action: 'sts:AssumeRole', Resource: '*' }),
    'trust',
    'Has prohibited field Resource',
  );
  refused(doc({ Effect: 'Allow', Resource: '*' }), 'identity', 'Policy statement must contain actions.');
  refused(doc({ Effect: 'Allow', Action: [], Resource: '*' }), 'identity', 'Policy statement must contain actions.');
  refused(doc({ Effect: 'Allow', Action: 's3:GetObject' }), 'identity', 'Policy statement must contain resources.');
  refused(doc({ ...ok, Effect: 'Foo' }), 'identity', 'Syntax errors in policy.');
  refused(doc({ ...ok, Effect: 'deny' }), 'identity', 'The policy failed legacy parsing');
  refused(doc({ Action: 's3:*', Resource: '*' }), 'identity', 'Syntax errors in policy.');
  refused(doc({ ...ok, Actions: 's3:*' }), 'identity', 'Syntax errors in policy.');
  refused(doc([{ ...ok, Sid: 'A' }, { ...ok, Sid: 'A' }]), 'identity', 'Statement IDs (SID) in a single policy must be unique.');
  refused(
    doc({ ...ok, Sid: 'has space' }),
    'identity',
    'Statement IDs (SID) must be alpha-numeric. Check that your input satisfies the regular expression [0-9A-Za-z]*',
  );
  refused(doc({ ...ok, Action: 'GetObject' }), 'identity', 'Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.');
  refused(doc({ ...ok, Action: 's3:Get:Object' }), 'identity', 'Actions/Condition can contain only one colon.');
  refused(doc({ ...ok, Resource: 'bucket' }), 'identity', 'Resource bucket must be in ARN format or "*".');
  refused(doc({ ...ok, Condition: { StringEqualz: { 'aws:username': 'x' } } }), 'identity', 'Syntax errors in policy.');
  refused(doc({ ...ok, Condition: { NullIfExists: { 'aws:username': 'true' } } }), 'identity', 'Syntax errors in policy.');
  refused(doc({ ...ok, Condition: { DateLessThan: { 'aws:CurrentTime': 'soon' } } }), 'identity', 'The policy failed legacy parsing');
  refused(doc({ ...ok, Condition: { NumericLessThan: { 's3:max-keys': 'ten' } } }), 'identity', 'The policy failed legacy parsing');
  refused(doc({ ...ok, Action: 's3 x:GetObject' }), 'identity', 'Vendor s3 x is not valid');
  refused(doc({ ...ok, Resource: 'arn:aws:iam::123456789012:bob' }), 'identity', 'IAM resource path must either be "*" or start with user/, federated-user/, role/, group/, instance-profile/, mfa/, server-certificate/, policy/, sms-mfa/, saml-provider/, oidc-provider/, report/, access-report/.');
  refused(
    doc({ ...ok, Principal: { AWS: 'arn:aws:iam::123456789012:user/*' } }),
    'resource',
    'Invalid principal in policy: "AWS":"arn:aws:iam::123456789012:user/*"',
  );
});

test('resource-based policies allow any Sid text and every principal form', () => {
  const p = parsePolicy(
    doc({
      ...ok,
      Sid: 'Grant read to everyone',
      Principal: {
        AWS: [
          '123456789012',
          'arn:aws:iam::123456789012:root',
          'arn:aws:iam::123456789012:user/path/bob',
          'arn:aws:iam::123456789012:role/r',
          'arn:aws:sts::123456789012:assumed-role/r/s',
          'arn:aws:sts::123456789012:federated-user/f',
        ],
        Federated: ['accounts.google.com', 'arn:aws:iam::123456789012:saml-provider/idp'],
        Service: 'ec2.amazonaws.com',
        CanonicalUser: '79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be',
      },
    }),
    'resource',
  );
  assert.equal(p.statements[0]!.principal!.accounts.size, 1);
  assert.equal(p.statements[0]!.principal!.arns.size, 4);
});

test('contextKeys lists condition keys and variables', () => {
  const p = parsePolicy(
    doc({
      ...ok,
      Resource: 'arn:aws:s3:::b/${aws:username}/*',
      Condition: { StringLike: { 's3:prefix': '${aws:userid}/*' }, Bool: { 'aws:SecureTransport': true } },
    }),
    'identity',
  );
  assert.deepEqual(p.contextKeys, ['aws:username', 's3:prefix', 'aws:userid', 'aws:SecureTransport']);
});

// ---- fuzzing: never a crash, always a compiled policy or a PolicyValidationError ----

function outcome(text: string, kind: PolicyKind): void {
  try {
    const p = parsePolicy(text, kind);
    assert.ok(Array.isArray(p.statements));
  } catch (e) {
    if (!(e instanceof PolicyValidationError)) throw e;
    assert.equal(typeof e.message, 'string');
  }
}

const kinds: PolicyKind[] = ['identity', 'resource', 'trust', 'boundary', 'session'];

test('fuzz: random strings', () => {
  fc.assert(
    fc.property(fc.string({ maxLength: 200 }), fc.constantFrom(...kinds), (s, k) => outcome(s, k)),
    { numRuns: 2000 },
  );
});

test('fuzz: random JSON values', () => {
  fc.assert(
    fc.property(fc.jsonValue({ maxDepth: 6 }), fc.constantFrom(...kinds), (v, k) => outcome(JSON.stringify(v), k)),
    { numRuns: 2000 },
  );
});

const field = fc.constantFrom(
  'Sid', 'Effect', 'Principal', 'NotPrincipal', 'Action', 'NotAction', 'Resource', 'NotResource', 'Condition', 'Bogus',
);
const leaf = fc.oneof(
  fc.constantFrom('Allow', 'Deny', '*', 's3:Get*', 'arn:aws:s3:::b/${aws:username}', '${', "${a:b, 'x", 'arn:aws:iam::123456789012:root',
    '10.0.0.0/8', '::1', 'true', '2020-01-01T00:00:00Z', '', 'StringLike', 'ForAnyValue:StringLikeIfExists', 'aws:SourceIp'),
  fc.string({ maxLength: 12 }),
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
);
const value: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  v: fc.oneof({ depthSize: 'small' }, leaf, fc.array(tie('v'), { maxLength: 4 }), fc.dictionary(fc.oneof(field, fc.constantFrom('AWS', 'Service', 'Federated', 'CanonicalUser', 'StringEquals', 'Null', 'IpAddress', 'ForAllValues:StringLike', 'aws:SourceIp', 's3:prefix', 'DateLessThan', 'BinaryEquals')), tie('v'), { maxKeys: 4 })),
})).v;

test('fuzz: mutated policy documents', () => {
  fc.assert(
    fc.property(
      fc.array(fc.dictionary(field, value, { maxKeys: 6 }), { maxLength: 4 }),
      fc.constantFrom('2012-10-17', '2008-10-17', 'x'),
      fc.constantFrom(...kinds),
      (statements, version, kind) => outcome(JSON.stringify({ Version: version, Statement: statements }), kind),
    ),
    { numRuns: 3000 },
  );
});

test('fuzz: truncated and byte-flipped valid documents', () => {
  const base = doc([
    { ...ok, Condition: { StringLike: { 's3:prefix': ['home/${aws:username}/*'] }, IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } } },
    { Effect: 'Deny', NotAction: 'iam:*', NotResource: 'arn:aws:iam::*:user/${aws:username}' },
  ]);
  fc.assert(
    fc.property(fc.nat(base.length), fc.nat(base.length), fc.string({ minLength: 1, maxLength: 1 }), fc.constantFrom(...kinds), (cut, at, ch, kind) => {
      outcome(base.slice(0, cut), kind);
      outcome(base.slice(0, at) + ch + base.slice(at + 1), kind);
    }),
    { numRuns: 3000 },
  );
});

test('deeply nested input is refused, not a crash', () => {
  const deep = '['.repeat(100000) + ']'.repeat(100000);
  outcome(deep, 'identity');
  outcome(JSON.stringify({ Statement: JSON.parse('['.repeat(500) + ']'.repeat(500)) }), 'identity');
});
