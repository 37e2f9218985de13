/**
 * aws-chunked uploads on the wire, built here from AWS's description (client side, independent of the
 * server's decoder): STREAMING-AWS4-HMAC-SHA256-PAYLOAD, ...-PAYLOAD-TRAILER with a signed checksum trailer,
 * and STREAMING-UNSIGNED-PAYLOAD-TRAILER; tampered chunks, bad trailers and a wrong payload hash are refused
 * and leave nothing behind.
 */
import assert from 'node:assert/strict';
import { createHash, createHmac } from 'node:crypto';
import { request } from 'node:http';
import * as zlib from 'node:zlib';
import { after, before, describe, test } from 'node:test';
import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import { startServer, type TestServer } from '../helpers/server.js';

let server: TestServer;
before(async () => {
  server = await startServer();
  const r = await signedSend('PUT', '/chunked', {}, Buffer.alloc(0), 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  assert.equal(r.status, 200, r.body);
});
after(async () => {
  await server?.stop();
});

const sha256 = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');
const hmac = (k: Buffer | string, s: string) => createHmac('sha256', k).update(s).digest();
const EMPTY = sha256('');

interface Signed {
  headers: Record<string, string>;
  seed: string;
  amzDate: string;
  scope: string;
  key: Buffer;
}

async function sign(method: string, path: string, headers: Record<string, string>, contentSha: string): Promise<Signed> {
  const u = new URL(server.url);
  const signer = new SignatureV4({ service: 's3', region: 'us-east-1', credentials: server.root, sha256: Sha256, uriEscapePath: false });
  const s = await signer.sign({ method, protocol: 'http:', hostname: u.hostname, port: Number(u.port), path, headers: { host: u.host, 'x-amz-content-sha256': contentSha, ...headers } });
  const h = s.headers as Record<string, string>;
  const amzDate = h['x-amz-date']!;
  const date = amzDate.slice(0, 8);
  const key = hmac(hmac(hmac(hmac(`AWS4${server.root.secretAccessKey}`, date), 'us-east-1'), 's3'), 'aws4_request');
  return { headers: h, seed: /Signature=([0-9a-f]{64})/.exec(h.authorization!)![1]!, amzDate, scope: `${date}/us-east-1/s3/aws4_request`, key };
}

function send(method: string, path: string, headers: Record<string, string>, body: Buffer): Promise<{ status: number; body: string; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const u = new URL(server.url);
    const req = request({ host: u.hostname, port: u.port, method, path, headers: { ...headers, 'content-length': String(body.length) } }, (res) => {
      let b = '';
      res.on('data', (d) => (b += d));
      res.on('end', () => resolve({ status: res.statusCode!, body: b, headers: res.headers }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

async function signedSend(method: string, path: string, headers: Record<string, string>, body: Buffer, contentSha = sha256(body)) {
  const s = await sign(method, path, headers, contentSha);
  return send(method, path, s.headers, body);
}

/** Encodes `data` as signed aws-chunked chunks (and, optionally, a signed trailer). */
function signedChunks(s: Signed, data: Buffer, chunk: number, trailer?: [string, string], tamper = false): Buffer {
  const parts: Buffer[] = [];
  let prev = s.seed;
  const pieces: Buffer[] = [];
  for (let i = 0; i < data.length; i += chunk) pieces.push(data.subarray(i, i + chunk));
  pieces.push(Buffer.alloc(0));
  for (const p of pieces) {
    const sts = `AWS4-HMAC-SHA256-PAYLOAD\n${s.amzDate}\n${s.scope}\n${prev}\n${EMPTY}\n${sha256(p)}`;
    prev = hmac(s.key, sts).toString('hex');
    const sent = tamper && p.length > 0 && parts.length === 0 ? Buffer.concat([Buffer.from('X'), p.subarray(1)]) : p;
    parts.push(Buffer.from(`${p.length.toString(16)};chunk-signature=${prev}\r\n`), sent, Buffer.from(p.length > 0 ? '\r\n' : ''));
  }
  if (trailer) {
    const canonical = `${trailer[0]}:${trailer[1]}\n`;
    const sts = `AWS4-HMAC-SHA256-TRAILER\n${s.amzDate}\n${s.scope}\n${prev}\n${sha256(canonical)}`;
    const sig = hmac(s.key, sts).toString('hex');
    parts.push(Buffer.from(`${trailer[0]}:${trailer[1]}\r\nx-amz-trailer-signature:${sig}\r\n\r\n`));
  } else parts.push(Buffer.from('\r\n'));
  return Buffer.concat(parts);
}

const data = Buffer.from(Array.from({ length: 150_000 }, (_, i) => (i * 31) & 0xff));
const crc32b64 = (b: Buffer) => {
  const v = Buffer.alloc(4);
  v.writeUInt32BE((zlib as unknown as { crc32(b: Buffer): number }).crc32(b));
  return v.toString('base64');
};

async function getBody(key: string): Promise<{ status: number; body: Buffer; headers: Record<string, unknown> }> {
  const s = await sign('GET', `/chunked/${key}`, { 'x-amz-checksum-mode': 'ENABLED' }, EMPTY);
  return new Promise((resolve, reject) => {
    const u = new URL(server.url);
    request({ host: u.hostname, port: u.port, path: `/chunked/${key}`, headers: s.headers }, (res) => {
      const c: Buffer[] = [];
      res.on('data', (d: Buffer) => c.push(d));
      res.on('end', () => resolve({ status: res.statusCode!, body: Buffer.concat(c), headers: res.headers }));
    })
      .on('error', reject)
      .end();
  });
}

describe('aws-chunked', () => {
  test('STREAMING-AWS4-HMAC-SHA256-PAYLOAD: every chunk signature verified; the object is the decoded body', async () => {
    const h = { 'content-encoding': 'aws-chunked', 'x-amz-decoded-content-length': String(data.length) };
    const s = await sign('PUT', '/chunked/signed', h, 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD');
    const r = await send('PUT', '/chunked/signed', s.headers, signedChunks(s, data, 65536));
    assert.equal(r.status, 200, r.body);
    assert.equal(r.headers.etag, `"${createHash('md5').update(data).digest('hex')}"`);
    const g = await getBody('signed');
    assert.ok(g.body.equals(data));
    assert.equal(g.headers['content-encoding'], undefined, 'aws-chunked is not stored as the content encoding');
  });

  test('a tampered chunk is SignatureDoesNotMatch and stores nothing', async () => {
    const h = { 'content-encoding': 'aws-chunked', 'x-amz-decoded-content-length': String(data.length) };
    const s = await sign('PUT', '/chunked/tampered', h, 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD');
    const r = await send('PUT', '/chunked/tampered', s.headers, signedChunks(s, data, 65536, undefined, true));
    assert.equal(r.status, 403);
    assert.match(r.body, /<Code>SignatureDoesNotMatch<\/Code>/);
    assert.equal((await getBody('tampered')).status, 404);
  });

  test('STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER with a signed CRC32 trailer: stored and answered', async () => {
    const h = { 'content-encoding': 'aws-chunked', 'x-amz-decoded-content-length': String(data.length), 'x-amz-trailer': 'x-amz-checksum-crc32' };
    const s = await sign('PUT', '/chunked/trailer', h, 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER');
    const r = await send('PUT', '/chunked/trailer', s.headers, signedChunks(s, data, 65536, ['x-amz-checksum-crc32', crc32b64(data)]));
    assert.equal(r.status, 200, r.body);
    assert.equal(r.headers['x-amz-checksum-crc32'], crc32b64(data));
    const g = await getBody('trailer');
    assert.ok(g.body.equals(data));
    assert.equal(g.headers['x-amz-checksum-crc32'], crc32b64(data));
  });

  test('STREAMING-UNSIGNED-PAYLOAD-TRAILER: a right checksum stores, a wrong one is BadDigest', async () => {
    const h = { 'content-encoding': 'aws-chunked', 'x-amz-decoded-content-length': String(data.length), 'x-amz-trailer': 'x-amz-checksum-crc32' };
    const body = (sum: string) =>
      Buffer.concat([Buffer.from(`${data.length.toString(16)}\r\n`), data, Buffer.from(`\r\n0\r\nx-amz-checksum-crc32:${sum}\r\n\r\n`)]);
    let s = await sign('PUT', '/chunked/unsigned', h, 'STREAMING-UNSIGNED-PAYLOAD-TRAILER');
    let r = await send('PUT', '/chunked/unsigned', s.headers, body(crc32b64(data)));
    assert.equal(r.status, 200, r.body);
    assert.ok((await getBody('unsigned')).body.equals(data));
    s = await sign('PUT', '/chunked/unsigned-bad', h, 'STREAMING-UNSIGNED-PAYLOAD-TRAILER');
    r = await send('PUT', '/chunked/unsigned-bad', s.headers, body('AAAAAA=='));
    assert.equal(r.status, 400);
    assert.match(r.body, /<Code>BadDigest<\/Code>/);
    assert.equal((await getBody('unsigned-bad')).status, 404);
  });

  test('a body that does not hash to the signed x-amz-content-sha256 is XAmzContentSHA256Mismatch', async () => {
    const s = await sign('PUT', '/chunked/mismatch', {}, sha256('something else'));
    const r = await send('PUT', '/chunked/mismatch', s.headers, Buffer.from('this body'));
    assert.equal(r.status, 400);
    assert.match(r.body, /<Code>XAmzContentSHA256Mismatch<\/Code>/);
    assert.equal((await getBody('mismatch')).status, 404);
  });
});
