// The SSE decisions as pure functions: what a request asks for, and what a stored object needs.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import { isServiceError } from '../../core/errors.js';
import { bucketEncryption, copySourceCustomerKey, encryptionHeaders, partCustomerKey, readCustomerKey, refuseCustomerKeyOverHttp, requestedEncryption, sseConditionKeys, storedEncryption, withoutEncryption, writeEncryption } from './sse.js';

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

test('a well-formed SSE-C write gives the key and its MD5', () => {
  assert.deepEqual(requestedEncryption(req(ssec())), { key, md5: md5(key) });
});

test('malformed SSE-C: AWS 400s in AWS order', () => {
  assert.equal(refusal(() => requestedEncryption(req(ssec(key, md5(key), 'AES512')))).code, 'InvalidEncryptionAlgorithmError');
  assert.match(refusal(() => requestedEncryption(req(ssec(key, md5(Buffer.alloc(32)))))).message, /calculated MD5 hash of the key did not match/);
  const short = Buffer.alloc(16, 1);
  assert.equal(refusal(() => requestedEncryption(req(ssec(short)))).message, 'The secret key was invalid for the specified algorithm.');
  assert.match(refusal(() => requestedEncryption(req({ 'x-amz-server-side-encryption-customer-key': 'a' }))).message, /valid encryption algorithm/);
  assert.match(refusal(() => requestedEncryption(req({ 'x-amz-server-side-encryption-customer-algorithm': 'AES256' }))).message, /appropriate secret key/);
  const both = refusal(() => requestedEncryption(req({ ...ssec(), 'x-amz-server-side-encryption': 'AES256' })));
  assert.match(both.message, /incompatible with the encryption method specified/);
});

test('reads, parts and copy sources take their own SSE-C trio; SSE-S3 headers are refused there', () => {
  assert.deepEqual(readCustomerKey(req(ssec())), { key, md5: md5(key) });
  assert.deepEqual(partCustomerKey(req(ssec())), { key, md5: md5(key) });
  assert.equal(readCustomerKey(req({})), undefined);
  assert.equal(refusal(() => readCustomerKey(req({ 'x-amz-server-side-encryption': 'AES256' }))).message, 'x-amz-server-side-encryption header is not supported for this operation.');
  const src = {
    'x-amz-copy-source-server-side-encryption-customer-algorithm': 'AES256',
    'x-amz-copy-source-server-side-encryption-customer-key': key.toString('base64'),
    'x-amz-copy-source-server-side-encryption-customer-key-md5': md5(key),
  };
  assert.deepEqual(copySourceCustomerKey(req(src)), { key, md5: md5(key) });
  assert.equal(copySourceCustomerKey(req(ssec())), undefined);
});

test('a stored object needs what it was written with: table of (object, key given) → answer', () => {
  const ring = { sealBytes: () => 'k.x', openBytes: async () => null };
  const c = { key, md5: md5(key) };
  const other = { key: Buffer.alloc(32, 9), md5: md5(Buffer.alloc(32, 9)) };
  const ssecObject = JSON.stringify(writeEncryption(ring, c, { encryption: null }, undefined).stored);
  const s3Object = JSON.stringify(writeEncryption(ring, undefined, { encryption: null }, undefined).stored);
  const clear = JSON.stringify(writeEncryption(ring, undefined, { encryption: null }, 'none').stored);
  assert.ok(!ssecObject.includes(key.toString('base64')) && !ssecObject.includes(key.toString('hex')), 'the key is never recorded');
  const table: Array<[string, string, typeof c | undefined, 'read' | 'part', string | number]> = [
    ['SSE-C, its key', ssecObject, c, 'read', 'sealed'],
    ['SSE-C, no key', ssecObject, undefined, 'read', 'The object was stored using a form of Server Side Encryption. The correct parameters must be provided to retrieve the object.'],
    ['SSE-C, another key', ssecObject, other, 'read', 403],
    ['SSE-C part, no key', ssecObject, undefined, 'part', 'The multipart upload initiate requested encryption. Subsequent part requests must include the appropriate encryption parameters.'],
    ['SSE-C part, another key', ssecObject, other, 'part', 'The provided encryption parameters did not match the ones used originally.'],
    ['SSE-S3, no key', s3Object, undefined, 'read', 'sealed'],
    ['SSE-S3, a key', s3Object, c, 'read', 'The encryption parameters are not applicable to this object.'],
    ['clear, no key', clear, undefined, 'read', 'clear'],
    ['clear, a key', clear, c, 'read', 'The encryption parameters are not applicable to this object.'],
  ];
  for (const [label, stored, given, use, want] of table) {
    if (want === 'sealed' || want === 'clear') {
      assert.equal(storedEncryption(ring, stored, given, use).keys === undefined, want === 'clear', label);
    } else {
      const e = refusal(() => storedEncryption(ring, stored, given, use));
      if (typeof want === 'number') assert.deepEqual([e.status, e.code], [want, 'AccessDenied'], label);
      else assert.deepEqual([e.status, e.message], [400, want], label);
    }
  }
  assert.deepEqual(encryptionHeaders(ssecObject), { 'x-amz-server-side-encryption-customer-algorithm': 'AES256', 'x-amz-server-side-encryption-customer-key-md5': md5(key) });
  assert.deepEqual(withoutEncryption(ssecObject), {});
});

test('SSE-S3/KMS names in a presigned query count as headers', () => {
  assert.equal(refusal(() => requestedEncryption(req({}, 'X-Amz-Server-Side-Encryption=aws%3Akms'))).status, 501);
  requestedEncryption(req({}, 'x-amz-meta-a=b'));
});

test('requested encryption: AES256, nothing (the bucket default), or a refusal', () => {
  const table: Array<[Record<string, string>, string, 'AES256' | undefined | number]> = [
    [{ 'x-amz-server-side-encryption': 'AES256' }, '', 'AES256'],
    [{}, '', undefined],
    [{}, 'x-amz-server-side-encryption=AES256', 'AES256'],
    [{ 'x-amz-server-side-encryption': 'aws:kms' }, '', 501],
    [{ 'x-amz-server-side-encryption': 'aws:kms:dsse' }, '', 501],
    [{ 'x-amz-server-side-encryption': 'AES512' }, '', 400],
    [{ 'x-amz-server-side-encryption': 'AES256', 'x-amz-server-side-encryption-aws-kms-key-id': 'k' }, '', 400],
  ];
  for (const [headers, query, want] of table) {
    if (typeof want === 'number') assert.equal(refusal(() => requestedEncryption(req(headers, query))).status, want, JSON.stringify(headers));
    else assert.equal(requestedEncryption(req(headers, query)), want);
  }
});

test('SSE condition keys are present only when their header is sent', () => {
  assert.deepEqual(sseConditionKeys(req({})), {});
  assert.deepEqual(sseConditionKeys(req({ 'x-amz-server-side-encryption': 'AES256' })), { 's3:x-amz-server-side-encryption': 'AES256' });
  assert.deepEqual(sseConditionKeys(req(ssec())), { 's3:x-amz-server-side-encryption-customer-algorithm': 'AES256' });
});

test('bucket default encryption: the configuration, else SSE-S3, else (default none) nothing', () => {
  const conf = JSON.stringify({ algorithm: 'AES256', bucketKeyEnabled: true });
  assert.deepEqual(bucketEncryption({ encryption: conf }, 'none'), { algorithm: 'AES256', bucketKeyEnabled: true });
  assert.deepEqual(bucketEncryption({ encryption: null }, undefined), { algorithm: 'AES256', bucketKeyEnabled: false });
  assert.deepEqual(bucketEncryption({ encryption: null }, 'AES256'), { algorithm: 'AES256', bucketKeyEnabled: false });
  assert.equal(bucketEncryption({ encryption: null }, 'none'), undefined);
  assert.deepEqual(withoutEncryption(JSON.stringify({ 'x-amz-server-side-encryption': 'AES256', 'x-amz-meta-a': 'b' })), { 'x-amz-meta-a': 'b' });
});
