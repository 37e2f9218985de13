import assert from 'node:assert/strict';
import { test } from 'node:test';
import { computeSignatureV2 } from './computeSignatureV2.js';
import { getStringToSignV2 } from './getStringToSignV2.js';
import { parseAuthorizationHeaderV2 } from './parseAuthorizationHeaderV2.js';
import { parsePresignedQueryV2 } from './parsePresignedQueryV2.js';
import type { SignedRequest } from './types.js';
import { verifySignatureV2 } from './verifySignatureV2.js';

const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';

test("AWS's SigV2 example: GET /photos/puppy.jpg on a virtual-hosted bucket", () => {
  const req: SignedRequest = {
    method: 'GET',
    rawPath: '/photos/puppy.jpg',
    rawQuery: '',
    headers: [['Host', 'johnsmith.s3.amazonaws.com'], ['Date', 'Tue, 27 Mar 2007 19:36:42 +0000'], ['Authorization', 'AWS AKIAIOSFODNN7EXAMPLE:bWq2s1WEIj+Ydj0vQ697zp+IXMU=']],
    payloadHash: '',
  };
  assert.equal(getStringToSignV2(req, { virtualHostBucket: 'johnsmith' }), 'GET\n\n\nTue, 27 Mar 2007 19:36:42 +0000\n/johnsmith/photos/puppy.jpg');
  const parsed = parseAuthorizationHeaderV2(req);
  const r = verifySignatureV2(req, parsed, SECRET, new Date('2007-03-27T19:40:00Z'), { virtualHostBucket: 'johnsmith' });
  assert.ok(r.ok);
  // Clock skew.
  const late = verifySignatureV2(req, parsed, SECRET, new Date('2007-03-27T20:00:00Z'), { virtualHostBucket: 'johnsmith' });
  assert.equal(late.ok ? '' : late.error.code, 'RequestTimeTooSkewed');
});

// Signed by botocore 1.43 (HmacV1Auth), then copied here as fixed values.
test('header form: sub-resource, Content-MD5, Content-Type, folded x-amz-meta value', () => {
  const headers: [string, string][] = [
    ['Content-Type', 'text/plain'],
    ['Content-MD5', '1B2M2Y8AsgTpgAmY7PhCfg=='],
    ['x-amz-meta-Foo', '  bar  '],
    ['Date', 'Wed, 25 Nov 2026 11:35:21 GMT'],
    ['Authorization', 'AWS AKIAIOSFODNN7EXAMPLE:G+pXOVxceeusPPUkJi22y2LNp2U='],
  ];
  const req: SignedRequest = { method: 'PUT', rawPath: '/examplebucket/a%20b', rawQuery: 'acl', headers, payloadHash: '' };
  assert.equal(
    getStringToSignV2(req),
    'PUT\n1B2M2Y8AsgTpgAmY7PhCfg==\ntext/plain\nWed, 25 Nov 2026 11:35:21 GMT\nx-amz-meta-foo:bar\n/examplebucket/a%20b?acl',
  );
  const now = new Date('2026-11-25T11:40:00Z');
  const parsed = parseAuthorizationHeaderV2(req);
  assert.equal(parsed.accessKeyId, 'AKIAIOSFODNN7EXAMPLE');
  assert.ok(verifySignatureV2(req, parsed, SECRET, now).ok);
  for (const changed of [
    { ...req, rawQuery: 'policy' },
    { ...req, rawPath: '/examplebucket/a%20c' },
    { ...req, method: 'POST' },
    { ...req, headers: headers.map(([n, v]) => [n, n === 'Content-Type' ? 'text/html' : v] as [string, string]) },
    { ...req, headers: [...headers, ['x-amz-acl', 'public-read'] as [string, string]] },
  ]) {
    assert.equal(verifySignatureV2(changed, parseAuthorizationHeaderV2(changed), SECRET, now).ok, false);
  }
  // A query parameter that is not a sub-resource is not signed.
  assert.ok(verifySignatureV2({ ...req, rawQuery: 'acl&foo=bar' }, parsed, SECRET, now).ok);
  assert.equal(verifySignatureV2(req, parsed, SECRET + 'x', now).ok, false);
});

test('query form (boto3 generate_presigned_url default): response override and versionId, expiry', () => {
  const req: SignedRequest = {
    method: 'GET',
    rawPath: '/examplebucket/photos/puppy%20dog%2B1.jpg',
    rawQuery:
      'versionId=abc&response-content-disposition=attachment%3B%20filename%3D%22a%20b.txt%22&AWSAccessKeyId=AKIAIOSFODNN7EXAMPLE&Signature=qugw9M407zilaYHdrORqUAcPmRU%3D&Expires=1141889120',
    headers: [['Host', 's3.amazonaws.com']],
    payloadHash: '',
  };
  const parsed = parsePresignedQueryV2(req);
  assert.equal(parsed.expires, 1141889120);
  const before = new Date(1141889120 * 1000 - 30_000);
  const r = verifySignatureV2(req, parsed, SECRET, before);
  assert.ok(r.ok, r.ok ? '' : r.stringToSign);
  assert.equal(
    r.stringToSign,
    'GET\n\n\n1141889120\n/examplebucket/photos/puppy%20dog%2B1.jpg?response-content-disposition=attachment; filename="a b.txt"&versionId=abc',
  );
  const expired = verifySignatureV2(req, parsed, SECRET, new Date(1141889121 * 1000));
  assert.equal(expired.ok ? '' : expired.error.code, 'AccessDenied');
  assert.equal(expired.ok ? '' : expired.error.message, 'Request has expired');
  const moved = { ...req, rawQuery: req.rawQuery.replace('Expires=1141889120', 'Expires=1141889999') };
  assert.equal(verifySignatureV2(moved, parsePresignedQueryV2(moved), SECRET, before).ok, false);
  const otherVersion = { ...req, rawQuery: req.rawQuery.replace('versionId=abc', 'versionId=abd') };
  assert.equal(verifySignatureV2(otherVersion, parsePresignedQueryV2(otherVersion), SECRET, before).ok, false);
});

test('query form with a session token and x-amz-acl moved into the URL (botocore HmacV1QueryAuth)', () => {
  const req: SignedRequest = {
    method: 'PUT',
    rawPath: '/examplebucket/k',
    rawQuery:
      'AWSAccessKeyId=AKIAIOSFODNN7EXAMPLE&Signature=UpqMIqx3u0cCnQTGLWBcKmgfpO8%3D&x-amz-acl=public-read&content-type=text%2Fplain&x-amz-security-token=TOKEN%2Fwith%2Bplus%3D&Expires=1141889120',
    headers: [['Host', 's3.amazonaws.com'], ['Content-Type', 'text/plain']],
    payloadHash: '',
  };
  const parsed = parsePresignedQueryV2(req);
  assert.equal(parsed.securityToken, 'TOKEN/with+plus=');
  const r = verifySignatureV2(req, parsed, SECRET, new Date(1141889000 * 1000));
  assert.ok(r.ok, r.ok ? '' : r.stringToSign);
  const noAcl = { ...req, rawQuery: req.rawQuery.replace('x-amz-acl=public-read&', '') };
  assert.equal(verifySignatureV2(noAcl, parsePresignedQueryV2(noAcl), SECRET, new Date(1141889000 * 1000)).ok, false);
});

test('malformed SigV2 input is refused with S3 errors', () => {
  const base: SignedRequest = { method: 'GET', rawPath: '/', rawQuery: '', headers: [], payloadHash: '' };
  assert.throws(() => parseAuthorizationHeaderV2({ ...base, headers: [['Authorization', 'AWS nocolon'], ['Date', 'Tue, 27 Mar 2007 19:36:42 +0000']] }), { code: 'InvalidArgument' });
  assert.throws(() => parseAuthorizationHeaderV2({ ...base, headers: [['Authorization', 'AWS a:b']] }), { code: 'AccessDenied' });
  assert.throws(() => parsePresignedQueryV2({ ...base, rawQuery: 'AWSAccessKeyId=a&Signature=b' }), { code: 'AccessDenied' });
  assert.equal(computeSignatureV2('k', 's'), 'Nueo+nrDeGemlbnLrTFr6LH2CI4=');
});

// Signed by botocore 1.43 (HmacV1Auth, path-style: it signs the bucket as `/examplebucket/`), fixed values.
test('path-style request on the bucket itself: `/bucket/` and `/bucket` both verify, nothing else does', () => {
  const headers: [string, string][] = [['Date', 'Sun, 06 Dec 2026 15:47:55 GMT'], ['Authorization', 'AWS AKIAIOSFODNN7EXAMPLE:A8gQRHHj5ATqcJOiehN06e0+JzU=']];
  const req: SignedRequest = { method: 'GET', rawPath: '/examplebucket', rawQuery: 'acl', headers, payloadHash: '' };
  const now = new Date('2026-12-06T15:50:00Z');
  const parsed = parseAuthorizationHeaderV2(req);
  assert.ok(verifySignatureV2(req, parsed, SECRET, now).ok);
  assert.ok(verifySignatureV2({ ...req, rawPath: '/examplebucket/' }, parsed, SECRET, now).ok);
  for (const changed of [
    { ...req, rawQuery: 'policy' },
    { ...req, rawPath: '/examplebucket2' },
    { ...req, rawPath: '/examplebucket/x' },
  ]) {
    assert.equal(verifySignatureV2(changed, parsed, SECRET, now).ok, false);
  }
  // A virtual-hosted request's resource is already `/bucket/`: no second spelling is tried there.
  assert.equal(verifySignatureV2({ ...req, rawPath: '' }, parsed, SECRET, now, { virtualHostBucket: 'examplebucket' }).ok, true);
  assert.equal(verifySignatureV2({ ...req, rawPath: '/' }, parsed, SECRET, now, { virtualHostBucket: 'other' }).ok, false);
});
