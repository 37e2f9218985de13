import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ServiceError } from '../../core/errors.js';
import { checkPostPolicy, parsePostPolicy } from './postPolicy.js';

const NOW = Date.parse('2026-01-01T00:00:00Z');
const b64 = (doc: unknown) => Buffer.from(typeof doc === 'string' ? doc : JSON.stringify(doc)).toString('base64');
const policy = (conditions: unknown[], expiration = '2026-01-01T01:00:00.000Z') => parsePostPolicy(b64({ expiration, conditions }));
const fields = (o: Record<string, string>) => new Map(Object.entries(o));
const code = (f: () => unknown) => {
  try {
    f();
    return 'ok';
  } catch (e) {
    assert.ok(e instanceof ServiceError, String(e));
    return `${e.status} ${e.code}: ${e.message}`;
  }
};

describe('parsePostPolicy refuses what is not a policy', () => {
  const cases: Array<[string, string]> = [
    ['not JSON', b64('{nope')],
    ['an array', b64([])],
    ['no expiration', b64({ conditions: [] })],
    ['a bad expiration', b64({ expiration: 'tomorrow', conditions: [] })],
    ['no conditions', b64({ expiration: '2026-01-01T00:00:00Z' })],
    ['an unknown operator', b64({ expiration: '2026-01-01T00:00:00Z', conditions: [['ends-with', '$key', 'x']] })],
    ['a range with max < min', b64({ expiration: '2026-01-01T00:00:00Z', conditions: [['content-length-range', 10, 1]] })],
    ['an object of two keys', b64({ expiration: '2026-01-01T00:00:00Z', conditions: [{ a: '1', b: '2' }] })],
  ];
  for (const [name, text] of cases) test(name, () => assert.match(code(() => parsePostPolicy(text)), /^400 InvalidPolicyDocument: Invalid Policy: /));
});

describe('checkPostPolicy', () => {
  const base = { key: 'uploads/a.txt', 'x-amz-algorithm': 'AWS4-HMAC-SHA256', bucket: 'b' };
  const covering = [{ bucket: 'b' }, ['starts-with', '$key', 'uploads/'], { 'x-amz-algorithm': 'AWS4-HMAC-SHA256' }];
  const cases: Array<[string, unknown[], Record<string, string>, string, number?]> = [
    ['every field covered', covering, base, 'ok'],
    ['expired', covering, base, '403 AccessDenied: Invalid according to Policy: Policy expired.', NOW + 2 * 3600_000],
    ['key outside starts-with', covering, { ...base, key: 'other/a.txt' }, '403 AccessDenied: Invalid according to Policy: Policy Condition failed: ["starts-with", "$key", "uploads/"]'],
    ['another bucket', covering, { ...base, bucket: 'c' }, '403 AccessDenied: Invalid according to Policy: Policy Condition failed: ["eq", "$bucket", "b"]'],
    ['eq, case-insensitive names', [...covering, ['eq', '$Content-Type', 'text/plain']], { ...base, 'content-type': 'text/plain' }, 'ok'],
    ['eq fails', [...covering, ['eq', '$Content-Type', 'text/plain']], { ...base, 'content-type': 'text/html' }, '403 AccessDenied: Invalid according to Policy: Policy Condition failed: ["eq", "$Content-Type", "text/plain"]'],
    ['a condition on an absent field', [...covering, { acl: 'private' }], base, '403 AccessDenied: Invalid according to Policy: Policy Condition failed: ["eq", "$acl", "private"]'],
    ['starts-with "" allows anything', [...covering, ['starts-with', '$x-amz-meta-a', '']], { ...base, 'x-amz-meta-a': 'anything' }, 'ok'],
    ['an uncovered field', covering, { ...base, 'x-amz-meta-a': '1' }, '403 AccessDenied: Invalid according to Policy: Extra input fields: x-amz-meta-a'],
    ['signature, policy, file and x-ignore- need no condition', covering, { ...base, 'x-amz-signature': 's', policy: 'p', 'x-ignore-me': '1' }, 'ok'],
  ];
  for (const [name, conditions, f, expected, now] of cases) {
    test(name, () => assert.equal(code(() => checkPostPolicy(policy(conditions), fields(f), now ?? NOW)), expected));
  }
  test('the content-length-range is returned', () => {
    assert.deepEqual(checkPostPolicy(policy([...covering, ['content-length-range', 1, 10]]), fields(base), NOW), { min: 1, max: 10 });
  });
});
