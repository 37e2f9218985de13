// The SSE refusals as pure functions, including the HTTPS branch no end-to-end test can reach (Tessera
// listens on plain HTTP only): there, a well-formed SSE-C write is 501 NotImplemented, a read 400.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import { isServiceError } from '../../core/errors.js';
import { refuseCopySourceEncryption, refuseCustomerKeyOverHttp, refuseObjectEncryption, refusePartEncryption, refuseReadEncryption } from './sse.js';

const key = Buffer.alloc(32, 1);
const md5 = (b: Buffer) => createHash('md5').update(b).digest('base64');
const req = (headers: Record<string, string>, query = '') => ({ header: (n: string) => headers[n], query: new URLSearchParams(query) });
const ssec = (k = key, m = md5(k), alg = 'AES256') => ({
  'x-amz-server-side-encryption-customer-algorithm': alg,
  'x-amz-server-side-encryption-customer-key': k.toString('base64'),
  'x-amz-server-side-encryption-customer-key-md5': m,
});

function refusal(f: () => void): { status: number; code: string; message: string; extra: Record<string, string> } {
  try {
    f();
  } catch (e) {
    assert.ok(isServiceError(e));
    return { status: e.status, code: e.code, message: e.message, extra: (e.extra ?? {}) as Record<string, string> };
  }
  assert.fail('expected a refusal');
}

test('SSE-C over HTTP is refused; over HTTPS it passes to the operation', () => {
  assert.equal(refusal(() => refuseCustomerKeyOverHttp(req(ssec()), false)).code, 'InvalidRequest');
  assert.equal(refusal(() => refuseCustomerKeyOverHttp(req({ 'x-amz-copy-source-server-side-encryption-customer-key': 'x' }), false)).status, 400);
  refuseCustomerKeyOverHttp(req(ssec()), true);
  refuseCustomerKeyOverHttp(req({}), false);
});

test('a well-formed SSE-C write is 501 NotImplemented naming the header', () => {
  const r = refusal(() => refuseObjectEncryption(req(ssec())));
  assert.deepEqual([r.status, r.code, r.extra.Header], [501, 'NotImplemented', 'x-amz-server-side-encryption-customer-algorithm']);
});

test('malformed SSE-C: AWS 400s in AWS order', () => {
  assert.equal(refusal(() => refuseObjectEncryption(req(ssec(key, md5(key), 'AES512')))).code, 'InvalidEncryptionAlgorithmError');
  assert.match(refusal(() => refuseObjectEncryption(req(ssec(key, md5(Buffer.alloc(32)))))).message, /calculated MD5 hash of the key did not match/);
  const short = Buffer.alloc(16, 1);
  assert.equal(refusal(() => refuseObjectEncryption(req(ssec(short)))).message, 'The secret key was invalid for the specified algorithm.');
  assert.match(refusal(() => refuseObjectEncryption(req({ 'x-amz-server-side-encryption-customer-key': 'a' }))).message, /valid encryption algorithm/);
  assert.match(refusal(() => refuseObjectEncryption(req({ 'x-amz-server-side-encryption-customer-algorithm': 'AES256' }))).message, /appropriate secret key/);
  const both = refusal(() => refuseObjectEncryption(req({ ...ssec(), 'x-amz-server-side-encryption': 'AES256' })));
  assert.match(both.message, /incompatible with the encryption method specified/);
});

test('reads, parts and copy sources: SSE-C parameters never apply (no object is SSE-C)', () => {
  assert.equal(refusal(() => refuseReadEncryption(req(ssec()))).message, 'The encryption parameters are not applicable to this object.');
  assert.match(refusal(() => refusePartEncryption(req(ssec()))).message, /multipart upload initiate requested encryption/);
  const src = {
    'x-amz-copy-source-server-side-encryption-customer-algorithm': 'AES256',
    'x-amz-copy-source-server-side-encryption-customer-key': key.toString('base64'),
    'x-amz-copy-source-server-side-encryption-customer-key-md5': md5(key),
  };
  assert.equal(refusal(() => refuseCopySourceEncryption(req(src))).code, 'InvalidRequest');
});

test('SSE-S3/KMS names in a presigned query count as headers', () => {
  assert.equal(refusal(() => refuseObjectEncryption(req({}, 'X-Amz-Server-Side-Encryption=aws%3Akms'))).status, 501);
  refuseObjectEncryption(req({}, 'x-amz-meta-a=b'));
});
