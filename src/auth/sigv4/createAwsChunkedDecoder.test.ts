import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { ServiceError } from '../../core/errors.js';
import { computeSignature } from './computeSignature.js';
import { createAwsChunkedDecoder, type AwsChunkedDecoderOptions } from './createAwsChunkedDecoder.js';
import { getChunkStringToSign } from './getChunkStringToSign.js';
import { getSigningKey } from './getSigningKey.js';
import { getCanonicalTrailers, getTrailerStringToSign } from './getTrailerStringToSign.js';
import { parseAuthorizationHeader } from './parseAuthorizationHeader.js';
import { sha256Hex } from './sha256Hex.js';
import { verifySignature } from './verifySignature.js';

// The worked example of AWS's "Transferring Payload in Multiple Chunks (Chunked Upload)" page.
const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
const AMZ_DATE = '20130524T000000Z';
const SCOPE = '20130524/us-east-1/s3/aws4_request';
const KEY = getSigningKey(SECRET, '20130524', 'us-east-1', 's3');
const SEED = '4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9';
const DOC_CHUNK_SIGS = [
  'ad80c730a21e5b8d04586a2213dd63b9a0e99e0e2307b0ade35a65485a288648',
  '0055627c9e194cb4542bae2aa5492e3c1575bbb81b612b7d234b86a503ef5497',
  'b6c6ea8a5354eaf15b3cb7646744f4275b71ea724fed81ceb9323e279d449df9',
];
const docBody = (): Buffer =>
  Buffer.concat([
    Buffer.from(`10000;chunk-signature=${DOC_CHUNK_SIGS[0]}\r\n`),
    Buffer.alloc(65536, 'a'),
    Buffer.from(`\r\n400;chunk-signature=${DOC_CHUNK_SIGS[1]}\r\n`),
    Buffer.alloc(1024, 'a'),
    Buffer.from(`\r\n0;chunk-signature=${DOC_CHUNK_SIGS[2]}\r\n\r\n`),
  ]);

const signedOpts = (over: Partial<AwsChunkedDecoderOptions> = {}): AwsChunkedDecoderOptions => ({
  mode: 'signed',
  signingKey: KEY,
  amzDate: AMZ_DATE,
  scope: SCOPE,
  seedSignature: SEED,
  decodedContentLength: 66560,
  ...over,
});

/** Feeds `body` in pieces of `split` bytes; resolves with the decoded body and trailers, or rejects. */
async function decode(body: Buffer, opts: AwsChunkedDecoderOptions, split = 1000): Promise<{ data: Buffer; trailers: Map<string, string> }> {
  const pieces: Buffer[] = [];
  for (let i = 0; i < body.length; i += split) pieces.push(body.subarray(i, i + split));
  const dec = createAwsChunkedDecoder(opts);
  const out: Buffer[] = [];
  dec.on('data', (b: Buffer) => out.push(b));
  await pipeline(Readable.from(pieces), dec);
  return { data: Buffer.concat(out), trailers: new Map(dec.trailers) };
}

async function rejectsWith(p: Promise<unknown>, code: string): Promise<void> {
  await assert.rejects(p, (e: unknown) => e instanceof ServiceError && e.code === code);
}

test('AWS example: the request with its documented headers verifies to the documented seed signature', () => {
  const headers: [string, string][] = [
    ['Host', 's3.amazonaws.com'],
    ['x-amz-date', AMZ_DATE],
    ['x-amz-storage-class', 'REDUCED_REDUNDANCY'],
    ['Authorization', `AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/${SCOPE},SignedHeaders=content-encoding;content-length;host;x-amz-content-sha256;x-amz-date;x-amz-decoded-content-length;x-amz-storage-class,Signature=${SEED}`],
    ['x-amz-content-sha256', 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD'],
    ['Content-Encoding', 'aws-chunked'],
    ['x-amz-decoded-content-length', '66560'],
    ['Content-Length', '66824'],
  ];
  const req = { method: 'PUT', rawPath: '/examplebucket/chunkObject.txt', rawQuery: '', headers, payloadHash: 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD' };
  const parsed = parseAuthorizationHeader(req, { dialect: 's3' });
  const r = verifySignature(req, parsed, SECRET, new Date('2013-05-24T00:00:00Z'), { dialect: 's3', region: 'us-east-1', service: 's3' });
  assert.ok(r.ok);
  assert.equal(r.scope, SCOPE);
  assert.equal(docBody().length, 66824);
});

test('AWS example: chunk signatures chain from the seed as documented', () => {
  let prev = SEED;
  const datas = [Buffer.alloc(65536, 'a'), Buffer.alloc(1024, 'a'), Buffer.alloc(0)];
  datas.forEach((d, i) => {
    prev = computeSignature(KEY, getChunkStringToSign(AMZ_DATE, SCOPE, prev, sha256Hex(d)));
    assert.equal(prev, DOC_CHUNK_SIGS[i]);
  });
});

test('AWS example body decodes to 66560 bytes of "a", whatever the read sizes', async () => {
  for (const split of [1, 7, 1000, 65536, 70000]) {
    const { data } = await decode(docBody(), signedOpts(), split);
    assert.equal(data.length, 66560);
    assert.ok(data.every((b) => b === 0x61));
  }
});

test('a changed byte, a changed signature, a reordered chain or a wrong seed is refused', async () => {
  const body = docBody();
  const flipped = Buffer.from(body);
  flipped[200] = 0x62;
  await rejectsWith(decode(flipped, signedOpts()), 'SignatureDoesNotMatch');
  const badSig = Buffer.from(body.toString('latin1').replace(DOC_CHUNK_SIGS[1]!, DOC_CHUNK_SIGS[1]!.replace(/^./, '1')), 'latin1');
  await rejectsWith(decode(badSig, signedOpts()), 'SignatureDoesNotMatch');
  await rejectsWith(decode(body, signedOpts({ seedSignature: DOC_CHUNK_SIGS[0]! })), 'SignatureDoesNotMatch');
  const noFinal = body.subarray(0, body.length - `0;chunk-signature=${DOC_CHUNK_SIGS[2]}\r\n\r\n`.length);
  await rejectsWith(decode(noFinal, signedOpts()), 'IncompleteBody');
  await rejectsWith(decode(body.subarray(0, 5000), signedOpts()), 'IncompleteBody');
});

test('the first chunk is not released before its signature is checked', async () => {
  const flipped = docBody();
  flipped[200] = 0x62;
  const dec = createAwsChunkedDecoder(signedOpts());
  let released = 0;
  dec.on('data', (b: Buffer) => (released += b.length));
  await assert.rejects(pipeline(Readable.from([flipped]), dec));
  assert.equal(released, 0);
});

test('x-amz-decoded-content-length is enforced', async () => {
  await rejectsWith(decode(docBody(), signedOpts({ decodedContentLength: 66559 })), 'InvalidRequest');
  await rejectsWith(decode(docBody(), signedOpts({ decodedContentLength: 66561 })), 'IncompleteBody');
});

/** Signs a body the documented way, with any chunk sizes and optional trailers. */
function signBody(data: Buffer, sizes: number[], seed: string, trailers?: [string, string][]): Buffer {
  const parts: Buffer[] = [];
  let prev = seed;
  let off = 0;
  for (const size of [...sizes, 0]) {
    const d = data.subarray(off, off + size);
    off += size;
    prev = computeSignature(KEY, getChunkStringToSign(AMZ_DATE, SCOPE, prev, sha256Hex(d)));
    parts.push(Buffer.from(`${size.toString(16)};chunk-signature=${prev}\r\n`), d);
    if (size > 0 || !trailers) parts.push(Buffer.from('\r\n'));
  }
  if (trailers) {
    const sig = computeSignature(KEY, getTrailerStringToSign(AMZ_DATE, SCOPE, prev, getCanonicalTrailers(new Map(trailers))));
    for (const [n, v] of trailers) parts.push(Buffer.from(`${n}:${v}\r\n`));
    parts.push(Buffer.from(`x-amz-trailer-signature:${sig}\r\n\r\n`));
  }
  return Buffer.concat(parts);
}

test('self-signed bodies: variable chunk sizes, last chunk short', async () => {
  const data = Buffer.from(Array.from({ length: 30000 }, (_, i) => i % 251));
  const body = signBody(data, [8192, 10000, 8192, 3616], SEED);
  const out = await decode(body, signedOpts({ decodedContentLength: 30000 }), 333);
  assert.deepEqual(out.data, data);
  // A short chunk that is not the last is refused as S3 refuses it.
  await rejectsWith(decode(signBody(data, [4000, 26000], SEED), signedOpts({ decodedContentLength: 30000 })), 'InvalidChunkSizeError');
});

test('AWS trailer example (STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER): chunks and the trailer signature verify', async () => {
  const seed = '106e2a8a18243abcf37539882f36619c00e2dfc72633413f02d3b74544bfeb8e';
  const body = Buffer.concat([
    Buffer.from('10000;chunk-signature=b474d8862b1487a5145d686f57f013e54db672cee1c953b3010fb58501ef5aa2\r\n'),
    Buffer.alloc(65536, 'a'),
    Buffer.from('\r\n400;chunk-signature=1c1344b170168f8e65b41376b44b20fe354e373826ccbbe2c1d40a8cae51e5c7\r\n'),
    Buffer.alloc(1024, 'a'),
    Buffer.from('\r\n0;chunk-signature=2ca2aba2005185cf7159c6277faf83795951dd77a3a99e6e65d5c9f85863f992\r\n'),
    Buffer.from('x-amz-checksum-crc32c:sOO8/Q==\r\n'),
    Buffer.from('x-amz-trailer-signature:d81f82fc3505edab99d459891051a732e8730629a2e4a59689829ca17fe2e435\r\n\r\n'),
  ]);
  const opts = signedOpts({ mode: 'signed-trailer', seedSignature: seed, expectedTrailers: ['x-amz-checksum-crc32c'] });
  const out = await decode(body, opts, 4096);
  assert.equal(out.data.length, 66560);
  assert.deepEqual([...out.trailers], [['x-amz-checksum-crc32c', 'sOO8/Q==']]);
  // Without the final empty line (some clients) it is still complete.
  await decode(body.subarray(0, body.length - 4), opts);
  // A changed trailer value breaks the trailer signature.
  const tampered = Buffer.from(body.toString('latin1').replace('sOO8/Q==', 'sOO8/Q=A'), 'latin1');
  await rejectsWith(decode(tampered, opts), 'SignatureDoesNotMatch');
  // A missing trailer signature is refused.
  const unsignedTrailer = Buffer.from(body.toString('latin1').replace(/x-amz-trailer-signature:[0-9a-f]+\r\n/, ''), 'latin1');
  await rejectsWith(decode(unsignedTrailer, opts), 'SignatureDoesNotMatch');
});

test('self-signed trailer body with two trailers', async () => {
  const data = Buffer.alloc(9000, 'z');
  const body = signBody(data, [9000], SEED, [['x-amz-checksum-sha256', 'abc='], ['x-amz-checksum-crc32', 'AAAAAA==']]);
  const out = await decode(body, signedOpts({ mode: 'signed-trailer', decodedContentLength: 9000 }), 17);
  assert.equal(out.trailers.get('x-amz-checksum-crc32'), 'AAAAAA==');
  assert.equal(out.trailers.get('x-amz-checksum-sha256'), 'abc=');
});

test('STREAMING-UNSIGNED-PAYLOAD-TRAILER: small chunks pass, trailers exposed, framing enforced', async () => {
  const body = Buffer.from('5\r\nhello\r\n6\r\n world\r\n0\r\nx-amz-checksum-crc32:DUoRhQ==\r\n\r\n');
  const opts: AwsChunkedDecoderOptions = { mode: 'unsigned-trailer', decodedContentLength: 11, expectedTrailers: ['x-amz-checksum-crc32'] };
  for (const split of [1, 3, 100]) {
    const out = await decode(body, opts, split);
    assert.equal(out.data.toString(), 'hello world');
    assert.equal(out.trailers.get('x-amz-checksum-crc32'), 'DUoRhQ==');
  }
  await rejectsWith(decode(Buffer.from('5\r\nhelloXX6\r\n world\r\n0\r\n\r\n'), opts), 'InvalidRequest');
  await rejectsWith(decode(Buffer.from('zz\r\nhello\r\n0\r\n\r\n'), opts), 'InvalidRequest');
  await rejectsWith(decode(Buffer.from('5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n'), opts), 'MalformedTrailerError');
  await rejectsWith(decode(Buffer.from('5\r\nhello\r\n6\r\n world\r\n0\r\nx-amz-checksum-crc32:DUoRhQ==\r\n\r\nextra'), opts), 'InvalidRequest');
  await rejectsWith(decode(Buffer.from('5\r\nhel'), opts), 'IncompleteBody');
});
