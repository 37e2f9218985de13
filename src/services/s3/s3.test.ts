/** Unit tests of S3's pure parts: CRC-32C, checksums, routes, ranges, conditions, listing bounds, host names, XML safety. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseXmlDocument } from '../../protocol/restxml/parse.js';
import { checksumOf, compositeChecksum, parseChecksumType } from './checksums.js';
import { crc32c } from './crc32c.js';
import { crc64nvme } from './crc64nvme.js';
import { virtualHostBucket } from '../../protocol/restxml/host.js';
import { compareKeys, prefixSuccessor, urlEncodeKey } from './listing.js';
import { multipartEtag } from './multipart.js';
import { validateBucketName } from './names.js';
import { checkReadConditions, parseRange, partRange } from './objects.js';
import type { S3ObjectsTable } from '../../store/schema-s3.js';

test('CRC-32C: the check value and streaming equal one-shot', () => {
  assert.equal(crc32c(Buffer.from('123456789')), 0xe3069283);
  assert.equal(crc32c(Buffer.alloc(32, 0)), 0x8a9136aa); // RFC 3720 B.4: 32 bytes of zeros
  assert.equal(crc32c(Buffer.alloc(32, 0xff)), 0x62a8ab43);
  const data = Buffer.from('The quick brown fox jumps over the lazy dog, again and again and again');
  assert.equal(crc32c(data.subarray(13), crc32c(data.subarray(0, 13))), crc32c(data));
});

test('CRC-64/NVME: the check value, streaming', () => {
  assert.deepEqual(crc64nvme(Buffer.from('123456789')), [0xae8b1486, 0x0a799888]);
  const d = Buffer.from('streamed in two pieces, any split');
  assert.deepEqual(crc64nvme(d.subarray(7), crc64nvme(d.subarray(0, 7))), crc64nvme(d));
  assert.equal(checksumOf('CRC64NVME', Buffer.from('123456789')), Buffer.from('ae8b14860a799888', 'hex').toString('base64'));
});

test('checksums as S3 writes them (base64 big-endian), composite "-N"', () => {
  assert.equal(checksumOf('CRC32', Buffer.from('123456789')), Buffer.from('cbf43926', 'hex').toString('base64'));
  assert.equal(checksumOf('CRC32C', Buffer.from('123456789')), Buffer.from('e3069283', 'hex').toString('base64'));
  assert.equal(checksumOf('SHA256', Buffer.from('')), '47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=');
  assert.match(compositeChecksum('CRC32', [checksumOf('CRC32', Buffer.from('a')), checksumOf('CRC32', Buffer.from('b'))]), /^[A-Za-z0-9+/]{6}==-2$/);
  assert.match(multipartEtag(['0cc175b9c0f1b6a831c399e269772661', '92eb5ffee6ae2fec3ad71c777531578f']), /^[0-9a-f]{32}-2$/);
});

test('Range: S3 semantics', () => {
  assert.deepEqual(parseRange('bytes=0-0', 10), { start: 0, end: 0 });
  assert.deepEqual(parseRange('bytes=5-', 10), { start: 5, end: 9 });
  assert.deepEqual(parseRange('bytes=-3', 10), { start: 7, end: 9 });
  assert.deepEqual(parseRange('bytes=-30', 10), { start: 0, end: 9 });
  assert.deepEqual(parseRange('bytes=8-100', 10), { start: 8, end: 9 });
  assert.equal(parseRange('bytes=0-1,3-4', 10), undefined);
  assert.equal(parseRange('pages=1-2', 10), undefined);
  assert.throws(() => parseRange('bytes=10-', 10), { code: 'InvalidRange' });
  // An empty object has no first byte: every first-byte range is unsatisfiable; a suffix is the empty whole.
  for (const r of ['bytes=0-', 'bytes=0-0', 'bytes=40-50', 'bytes=-0']) assert.throws(() => parseRange(r, 0), { code: 'InvalidRange' }, r);
  assert.equal(parseRange('bytes=-5', 0), undefined);
});

test('conditional reads: If-Match beats If-Unmodified-Since; If-None-Match beats If-Modified-Since', () => {
  const o = { etag: 'abc', last_modified: Date.parse('2026-01-01T00:00:00Z') } as S3ObjectsTable;
  const h = (m: Record<string, string>) => (n: string) => m[n];
  assert.equal(checkReadConditions(h({ 'if-match': '"abc"', 'if-unmodified-since': 'Thu, 01 Jan 2025 00:00:00 GMT' }), o), 'ok');
  assert.throws(() => checkReadConditions(h({ 'if-match': '"x"' }), o), { code: 'PreconditionFailed' });
  assert.equal(checkReadConditions(h({ 'if-none-match': '"x"', 'if-modified-since': 'Thu, 01 Jan 2027 00:00:00 GMT' }), o), 'ok');
  assert.equal(checkReadConditions(h({ 'if-none-match': '"abc"' }), o), 'not-modified');
  assert.equal(checkReadConditions(h({ 'if-modified-since': 'Thu, 01 Jan 2026 00:00:00 GMT' }), o), 'not-modified');
});

test('listing bounds: the prefix successor bounds exactly the keys with the prefix, in UTF-8 byte order', () => {
  assert.equal(prefixSuccessor('a/'), 'a0');
  assert.equal(prefixSuccessor('\uD7FF'), '\uE000');
  const keys = ['a/', 'a/x', 'a/\u{10FFFF}', 'a0', 'a.', 'b', '\uFFFD', '😀'];
  const succ = prefixSuccessor('a/')!;
  for (const k of keys) assert.equal(k.startsWith('a/'), compareKeys(k, 'a/') >= 0 && compareKeys(k, succ) < 0, k);
  // UTF-16 order and UTF-8 order differ for astral vs U+E000..U+FFFF: S3 uses bytes.
  assert.ok(compareKeys('\uFFFD', '😀') < 0);
});

test('host names: virtual-hosted buckets', () => {
  assert.equal(virtualHostBucket('my-bucket.localhost:4566'), 'my-bucket');
  assert.equal(virtualHostBucket('my.dotted.bucket.s3.localhost'), 'my.dotted.bucket');
  assert.equal(virtualHostBucket('b1.s3.us-west-2.amazonaws.com'), 'b1');
  assert.equal(virtualHostBucket('localhost:4566'), undefined);
  assert.equal(virtualHostBucket('127.0.0.1:4566'), undefined);
  assert.equal(virtualHostBucket('s3.localhost'), undefined);
  assert.equal(virtualHostBucket('[::1]:4566'), undefined);
});

test('bucket names', () => {
  for (const ok of ['abc', 'my-bucket.example', 'a'.repeat(63), '123']) validateBucketName(ok);
  for (const bad of ['ab', 'A-bucket', 'a..b', '-abc', 'abc-', '192.168.0.1', 'xn--abc', 'a_b', 'a'.repeat(64), 'b-s3alias']) {
    assert.throws(() => validateBucketName(bad), { code: 'InvalidBucketName' }, bad);
  }
});

test('XML bodies: no DTD, no entity expansion; malformed is MalformedXML', () => {
  const bomb = '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;">]><Delete><Object><Key>&b;</Key></Object></Delete>';
  assert.throws(() => parseXmlDocument(bomb, 'Delete'), { code: 'MalformedXML' });
  assert.throws(() => parseXmlDocument('<Delete><Object>', 'Delete'), { code: 'MalformedXML' });
  assert.throws(() => parseXmlDocument('<Other/>', 'Delete'), { code: 'MalformedXML' });
  const d = parseXmlDocument('<Delete xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Object><Key>a&amp;b</Key></Object></Delete>', 'Delete');
  assert.ok(d.Object);
});

test('EncodingType=url: S3 percent-encodes all but unreserved characters and `/`', () => {
  for (const [key, encoded] of [
    ['foo+1/bar', 'foo%2B1/bar'],
    ['quux ab/', 'quux%20ab/'],
    ['a/b/c.txt', 'a/b/c.txt'],
    ["it's (x)*!~-_.", 'it%27s%20%28x%29%2A%21~-_.'],
    ['ünï\n', '%C3%BCn%C3%AF%0A'],
    ['a&b=c?d#e%f', 'a%26b%3Dc%3Fd%23e%25f'],
  ]) {
    assert.equal(urlEncodeKey(key!), encoded, key);
  }
});

test('partNumber: a multipart object\'s n-th part; any other object is its own part 1', () => {
  const mp = { blobs: JSON.stringify([{ id: 'a', size: 5 }, { id: 'b', size: 5 }, { id: 'c', size: 2 }]), size: 12, parts_count: 3, etag: 'e-3' };
  assert.deepEqual(partRange(mp, 1), { start: 0, end: 4 });
  assert.deepEqual(partRange(mp, 2), { start: 5, end: 9 });
  assert.deepEqual(partRange(mp, 3), { start: 10, end: 11 });
  assert.throws(() => partRange(mp, 4), { code: 'InvalidPart' });
  const single = { blobs: JSON.stringify([{ id: 'x', size: 4 }]), size: 4, parts_count: null, etag: 'e' };
  assert.deepEqual(partRange(single, 1), { start: 0, end: 3 });
  assert.throws(() => partRange(single, 2), { code: 'InvalidPart' });
  assert.equal(partRange({ ...single, blobs: '[]', size: 0 }, 1), undefined);
});

test('x-amz-checksum-type on CreateMultipartUpload: defaults and the combinations S3 refuses', () => {
  for (const [raw, algorithm, want] of [
    [undefined, undefined, undefined],
    [undefined, 'CRC32', 'COMPOSITE'],
    [undefined, 'SHA256', 'COMPOSITE'],
    [undefined, 'CRC64NVME', 'FULL_OBJECT'],
    ['full_object', 'CRC32C', 'FULL_OBJECT'],
    ['COMPOSITE', 'SHA1', 'COMPOSITE'],
    ['FULL_OBJECT', 'SHA256', 'InvalidRequest'],
    ['COMPOSITE', 'CRC64NVME', 'InvalidRequest'],
    ['COMPOSITE', undefined, 'InvalidRequest'],
    ['PARTIAL', 'CRC32', 'InvalidRequest'],
  ] as const) {
    if (want === 'InvalidRequest') assert.throws(() => parseChecksumType(raw, algorithm), { code: 'InvalidRequest' }, `${raw} ${algorithm}`);
    else assert.equal(parseChecksumType(raw, algorithm), want, `${raw} ${algorithm}`);
  }
});
