/** S3 dialect: requests signed by botocore 1.43 (values fixed here), S3's rules and errors. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ServiceError } from '../../core/errors.js';
import { createPayloadHashVerifier } from './createPayloadHashVerifier.js';
import { classifyContentSha256 } from './contentSha256.js';
import { detectAuthType } from './detectAuthType.js';
import { parseAuthorizationHeader } from './parseAuthorizationHeader.js';
import { parsePresignedQuery } from './parsePresignedQuery.js';
import { sha256Hex } from './sha256Hex.js';
import type { SignedRequest } from './types.js';
import { verifySignature, type VerifyResult } from './verifySignature.js';

const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
const NOW = new Date('2026-11-25T12:00:00Z');
const S3 = { dialect: 's3' as const, region: 'us-east-1', service: 's3' };
const code = (r: VerifyResult) => (r.ok ? 'ok' : r.error.code);

const presigned: SignedRequest = {
  method: 'GET',
  rawPath: '/bkt/dir/a%20b%2Bc~%21.txt',
  rawQuery:
    'response-content-type=text%2Fplain&versionId=v1&X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20261125%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Date=20261125T120000Z&X-Amz-Expires=300&X-Amz-SignedHeaders=host&X-Amz-Security-Token=SESSION%2FTOKEN%2B1%3D&X-Amz-Signature=97eea503ce739b3586dd30f056f3c9d636828a88a02233aa1555ad7f35c4a5f8',
  headers: [['Host', '127.0.0.1:9000']],
  payloadHash: 'UNSIGNED-PAYLOAD',
};

test('S3 presigned GET: verifies, single-encodes the key, expires after X-Amz-Expires', () => {
  assert.equal(detectAuthType(presigned), 'sigv4-query');
  const p = parsePresignedQuery(presigned, { dialect: 's3' });
  assert.equal(p.securityToken, 'SESSION/TOKEN+1=');
  assert.equal(p.expires, 300);
  const r = verifySignature(presigned, p, SECRET, NOW, S3);
  assert.equal(code(r), 'ok');
  assert.ok(r.canonicalRequest!.startsWith('GET\n/bkt/dir/a%20b%2Bc~%21.txt\n'));
  // The same key spelled differently on the wire ('!' unencoded, '~' encoded) canonicalises the same.
  assert.equal(code(verifySignature({ ...presigned, rawPath: '/bkt/dir/a%20b%2Bc%7E!.txt' }, p, SECRET, NOW, S3)), 'ok');
  // S3 does not normalise: a dot segment is a different key.
  assert.equal(code(verifySignature({ ...presigned, rawPath: '/bkt/dir/./a%20b%2Bc~%21.txt' }, p, SECRET, NOW, S3)), 'SignatureDoesNotMatch');
  assert.equal(code(verifySignature(presigned, p, SECRET, new Date('2026-11-25T12:05:00Z'), S3)), 'ok');
  const expired = verifySignature(presigned, p, SECRET, new Date('2026-11-25T12:05:01Z'), S3);
  assert.equal(code(expired), 'AccessDenied');
  assert.equal(expired.ok ? '' : expired.error.message, 'Request has expired');
  assert.equal(code(verifySignature(presigned, p, SECRET, new Date('2026-11-25T11:40:00Z'), S3)), 'AccessDenied');
  const other = { ...presigned, rawQuery: presigned.rawQuery.replace('versionId=v1', 'versionId=v2') };
  const mismatch = verifySignature(other, parsePresignedQuery(other, { dialect: 's3' }), SECRET, NOW, S3);
  assert.equal(code(mismatch), 'SignatureDoesNotMatch');
  assert.ok(!mismatch.ok && mismatch.canonicalRequest?.includes('versionId=v2') && mismatch.stringToSign?.startsWith('AWS4-HMAC-SHA256\n'));
  // An x-amz-* header added to a presigned request was not signed.
  const extra = verifySignature({ ...presigned, headers: [...presigned.headers, ['X-Amz-Tagging', 'a=b']] }, p, SECRET, NOW, S3);
  assert.equal(code(extra), 'AccessDenied');
  assert.equal(!extra.ok && extra.error.extra?.['HeadersNotSigned'], 'x-amz-tagging');
});

test('S3 presigned parameter errors', () => {
  const q = (rawQuery: string) => () => parsePresignedQuery({ ...presigned, rawQuery }, { dialect: 's3' });
  assert.throws(q(presigned.rawQuery.replace('&X-Amz-Expires=300', '')), { code: 'AuthorizationQueryParametersError' });
  assert.throws(q(presigned.rawQuery.replace('X-Amz-Expires=300', 'X-Amz-Expires=604801')), {
    message: 'X-Amz-Expires must be less than a week (in seconds) that is 604800',
  });
  assert.throws(q(presigned.rawQuery.replace('X-Amz-Expires=300', 'X-Amz-Expires=-1')), { message: 'X-Amz-Expires must be non-negative' });
  assert.throws(q(presigned.rawQuery.replace('X-Amz-Date=20261125T120000Z', 'X-Amz-Date=2026-11-25')), { code: 'AuthorizationQueryParametersError' });
  assert.throws(q(presigned.rawQuery.replace('20261125%2Fus-east-1', '20261126%2Fus-east-1')), { code: 'AuthorizationQueryParametersError' });
});

const body = Buffer.from('hello world');
const put: SignedRequest = {
  method: 'PUT',
  rawPath: '/bkt/dir/a%20b%2Bc~%21.txt',
  rawQuery: '',
  headers: [
    ['Host', '127.0.0.1:9000'],
    ['x-amz-meta-note', ' a   b '],
    ['Content-Type', 'text/plain'],
    ['X-Amz-Date', '20261125T120000Z'],
    ['X-Amz-Security-Token', 'SESSION/TOKEN+1='],
    ['X-Amz-Content-SHA256', 'b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9'],
    ['Authorization', 'AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20261125/us-east-1/s3/aws4_request, SignedHeaders=content-type;host;x-amz-content-sha256;x-amz-date;x-amz-meta-note;x-amz-security-token, Signature=44d093f67eb3328302da593acc6f493055c7a6bb9200d7d691852f34f7fb66b8'],
  ],
  payloadHash: 'b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9',
};

test('S3 header-signed PUT: verifies; body hash checked incrementally; S3 time and scope errors', () => {
  assert.equal(detectAuthType(put), 'sigv4-header');
  const p = parseAuthorizationHeader(put, { dialect: 's3' });
  assert.equal(code(verifySignature(put, p, SECRET, NOW, S3)), 'ok');
  assert.deepEqual(classifyContentSha256(put.payloadHash), { kind: 'sha256', hex: put.payloadHash });

  const v = createPayloadHashVerifier(put.payloadHash, 's3');
  v.update(body.subarray(0, 5));
  v.update(body.subarray(5));
  assert.equal(v.final(), sha256Hex(body));
  const bad = createPayloadHashVerifier(put.payloadHash, 's3');
  bad.update(Buffer.from('hello worle'));
  assert.throws(() => bad.final(), { code: 'XAmzContentSHA256Mismatch', status: 400 });
  const badIam = createPayloadHashVerifier(put.payloadHash, 'query');
  assert.throws(() => badIam.final(), { code: 'SignatureDoesNotMatch', status: 403 });

  const skew = verifySignature(put, p, SECRET, new Date('2026-11-25T12:15:01Z'), S3);
  assert.equal(code(skew), 'RequestTimeTooSkewed');
  assert.equal(!skew.ok && skew.error.extra?.['MaxAllowedSkewMilliseconds'], '900000');
  assert.equal(code(verifySignature(put, p, SECRET, new Date('2026-11-25T12:15:00Z'), S3)), 'ok');
  assert.equal(code(verifySignature(put, p, SECRET, NOW, { ...S3, region: 'eu-west-1' })), 'AuthorizationHeaderMalformed');
  // A changed metadata value, or an added unsigned x-amz header, is refused.
  const changed = { ...put, headers: put.headers.map(([n, v]) => [n, n === 'x-amz-meta-note' ? 'a c' : v] as [string, string]) };
  assert.equal(code(verifySignature(changed, p, SECRET, NOW, S3)), 'SignatureDoesNotMatch');
  const added = { ...put, headers: [...put.headers, ['x-amz-acl', 'public-read'] as [string, string]] };
  assert.equal(code(verifySignature(added, p, SECRET, NOW, S3)), 'AccessDenied');
  assert.throws(() => classifyContentSha256('STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD'), { code: 'InvalidArgument' });
});

test('IAM/STS dialect: AWS wording for parse and clock errors', () => {
  const base: SignedRequest = { method: 'POST', rawPath: '/', rawQuery: '', headers: [['Host', 'iam.amazonaws.com']], payloadHash: sha256Hex('') };
  const withAuth = (auth: string, extra: [string, string][] = []) => ({ ...base, headers: [...base.headers, ['Authorization', auth] as [string, string], ...extra] });
  assert.throws(() => parseAuthorizationHeader(base, { dialect: 'query' }), { code: 'MissingAuthenticationToken', status: 403 });
  assert.throws(() => parseAuthorizationHeader(withAuth('AWS4-HMAC-SHA256 Foo=bar'), { dialect: 'query' }), {
    code: 'IncompleteSignature',
    message:
      "Authorization header requires 'Credential' parameter. Authorization header requires 'Signature' parameter. Authorization header requires 'SignedHeaders' parameter. Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. Authorization=AWS4-HMAC-SHA256 Foo=bar",
  });
  const sig = 'a'.repeat(64);
  const good = `AWS4-HMAC-SHA256 Credential=AKID/20150830/us-east-1/iam/aws4_request, SignedHeaders=host;x-amz-date, Signature=${sig}`;
  assert.throws(() => parseAuthorizationHeader(withAuth(good.replace('/us-east-1/iam', '/iam'), [['X-Amz-Date', '20150830T123600Z']]), { dialect: 'query' }), {
    code: 'IncompleteSignature',
    message: 'Credential should be scoped to a valid region.',
  });
  assert.throws(() => parseAuthorizationHeader(withAuth(good, [['X-Amz-Date', '2015-08-30T12:36:00Z']]), { dialect: 'query' }), {
    code: 'IncompleteSignature',
  });
  const p = parseAuthorizationHeader(withAuth(good, [['X-Amz-Date', '20150830T123600Z']]), { dialect: 'query' });
  const late = verifySignature(withAuth(good, [['X-Amz-Date', '20150830T123600Z']]), p, 'secret', new Date('2015-08-30T12:51:01Z'), { dialect: 'query' });
  assert.equal(
    late.ok ? '' : late.error.message,
    'Signature expired: 20150830T123600Z is now earlier than 20150830T123601Z (20150830T125101Z - 15 min.)',
  );
  const early = verifySignature(withAuth(good, [['X-Amz-Date', '20150830T123600Z']]), p, 'secret', new Date('2015-08-30T12:20:00Z'), { dialect: 'query' });
  assert.equal(early.ok ? '' : early.error.message, 'Signature not yet current: 20150830T123600Z is still later than 20150830T123500Z (20150830T122000Z + 15 min.)');
  const wrongScope = verifySignature(withAuth(good, [['X-Amz-Date', '20150830T123600Z']]), p, 'secret', new Date('2015-08-30T12:36:00Z'), { dialect: 'query', region: 'us-west-2' });
  assert.equal(wrongScope.ok ? '' : `${wrongScope.error.code}: ${wrongScope.error.message}`, 'SignatureDoesNotMatch: Credential should be scoped to a valid region.');
  // host must be signed.
  const noHost = withAuth(good.replace('host;x-amz-date', 'x-amz-date'), [['X-Amz-Date', '20150830T123600Z']]);
  const r = verifySignature(noHost, parseAuthorizationHeader(noHost, { dialect: 'query' }), 'secret', new Date('2015-08-30T12:36:00Z'), { dialect: 'query' });
  assert.equal(code(r), 'IncompleteSignature');
  assert.throws(() => parsePresignedQuery({ ...base, rawQuery: 'X-Amz-Algorithm=AWS4-HMAC-SHA256' }, { dialect: 'query' }), {
    message:
      "AWS query-string parameters must include 'X-Amz-Credential'. AWS query-string parameters must include 'X-Amz-Signature'. AWS query-string parameters must include 'X-Amz-SignedHeaders'. AWS query-string parameters must include 'X-Amz-Date'. Re-examine the query-string parameters.",
  });
  assert.throws(() => detectAuthType({ ...withAuth(good), rawQuery: 'X-Amz-Signature=x' }), (e: unknown) => e instanceof ServiceError && e.code === 'InvalidArgument');
});
