/**
 * Slow and lying clients on a raw socket: a Content-Length larger or smaller than the body, truncated and
 * oversized aws-chunked framing, request-smuggling framings (Content-Length with Transfer-Encoding, two
 * Content-Lengths), a header flood, bodies that never finish, many connections stalled mid-headers. Each
 * request is answered with an AWS-shaped or HTTP 4xx, or its connection closed; nothing partial is stored;
 * other clients are served meanwhile; the server stays healthy. None of this depends on a timeout value:
 * the stalled clients give up on their own (see SECURITY.md for the timeout tests that need the limits).
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { sdkConfig } from '../helpers/clients.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { signQuery } from '../helpers/sign.js';
import { codeOf, healthy, rawExchange, sendS3, signS3 } from './held-lib.js';

let server: TestServer;

before(async () => {
  server = await startServer({ args: ['--log', 'off'], memory: false });
  const s3 = new S3Client({ ...sdkConfig(server), forcePathStyle: true });
  await s3.send(new CreateBucketCommand({ Bucket: 'lie' }));
  s3.destroy();
});
after(async () => {
  await server?.stop();
});

/** The request line and headers of a signed request, plus extra unsigned headers. */
function head(method: string, path: string, headers: Record<string, string>, extra: Record<string, string> = {}): string {
  return [`${method} ${path} HTTP/1.1`, ...Object.entries({ ...headers, ...extra }).map(([k, v]) => `${k}: ${v}`)].join('\r\n');
}

/** A signed PUT's head; framing headers (content-length, transfer-encoding) are added unsigned. */
async function putHead(key: string, sha: string, extra: Record<string, string>) {
  const framing = (k: string) => k === 'content-length' || k === 'transfer-encoding';
  const signedExtra = Object.fromEntries(Object.entries(extra).filter(([k]) => !framing(k)));
  const s = await signS3(server, 'PUT', `/lie/${key}`, server.root, { headers: { 'x-amz-content-sha256': sha, ...signedExtra } });
  return head('PUT', `/lie/${key}`, s.headers, Object.fromEntries(Object.entries(extra).filter(([k]) => framing(k))));
}

async function stored(key: string): Promise<string | undefined> {
  const r = await sendS3(await signS3(server, 'GET', `/lie/${key}`, server.root));
  return r.status === 200 ? r.text : (assert.equal(r.code, 'NoSuchKey'), undefined);
}

/** An answer that is a client error (optionally with one of `codes`) or a closed connection. */
function refusedOrClosed(a: { status: number | undefined; body: string; closed: boolean }, codes: string[] = []) {
  if (a.status === undefined) return assert.ok(a.closed, 'no answer and the connection is still open');
  assert.ok(a.status >= 400 && a.status < 500, `status ${a.status}: ${a.body.slice(0, 300)}`);
  if (codes.length && a.body.includes('<Code>')) assert.ok(codes.includes(codeOf(a.body)!), a.body.slice(0, 300));
}

describe('Content-Length that lies', () => {
  test('larger than the body, then the client stops sending: IncompleteBody or closed; nothing stored', async () => {
    const a = await rawExchange(server, await putHead('cl-long', 'UNSIGNED-PAYLOAD', { 'content-length': '1000' }), [Buffer.from('only ten b')]);
    refusedOrClosed(a, ['IncompleteBody']);
    assert.equal(await stored('cl-long'), undefined);
  });

  test('smaller than the body: the declared bytes are the object; what follows is framed as the next request', async () => {
    const next = 'GET /_health HTTP/1.1\r\nhost: x\r\n\r\n';
    const a = await rawExchange(server, await putHead('cl-short', 'UNSIGNED-PAYLOAD', { 'content-length': '5' }), [Buffer.from(`hello${next}`)], { finish: false });
    assert.equal(a.status, 200, a.body);
    assert.equal(await stored('cl-short'), 'hello');
    const g = await rawExchange(server, await putHead('cl-garbage', 'UNSIGNED-PAYLOAD', { 'content-length': '5' }), [Buffer.from('hello, then bytes that are no HTTP request\r\n\r\n')]);
    if (g.status !== 200) refusedOrClosed(g); // the object's answer, or the garbage's refusal / a close, whichever comes first
    const v = await stored('cl-garbage');
    assert.ok(v === undefined || v === 'hello', `stored ${v}`);
    assert.ok(await healthy(server));
  });

  test('smaller than a signed body: XAmzContentSHA256Mismatch, nothing stored', async () => {
    const body = 'the whole signed body';
    const s = await signS3(server, 'PUT', '/lie/cl-signed', server.root, { body });
    const a = await rawExchange(server, head('PUT', '/lie/cl-signed', s.headers, { 'content-length': '5' }), [Buffer.from(body.slice(0, 5))], { finish: false });
    assert.equal(a.status, 400, a.body);
    assert.equal(codeOf(a.body), 'XAmzContentSHA256Mismatch');
    assert.equal(await stored('cl-signed'), undefined);
  });

  test('two different Content-Lengths, or Content-Length with Transfer-Encoding (smuggling): 400, connection closed', async () => {
    const s = await signS3(server, 'PUT', '/lie/smuggle', server.root, { headers: { 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' } });
    const base = head('PUT', '/lie/smuggle', s.headers);
    const smuggled = Buffer.from('5\r\nhello\r\n0\r\n\r\nGET /_health HTTP/1.1\r\nhost: x\r\n\r\n');
    for (const framing of ['content-length: 5\r\ncontent-length: 7', 'content-length: 40\r\ntransfer-encoding: chunked', 'transfer-encoding: chunked\r\ntransfer-encoding: identity']) {
      const a = await rawExchange(server, `${base}\r\n${framing}`, [smuggled]);
      refusedOrClosed(a);
      assert.doesNotMatch(a.body, /"status":"ok"/, `${framing}: a smuggled request was answered`);
    }
    assert.equal(await stored('smuggle'), undefined);
  });

  test('a declared query body over the limit is refused before the client sends it', async () => {
    const req = await signQuery(server.url, 'sts', 'Action=GetCallerIdentity&Version=2011-06-15', server.root);
    const h = Object.fromEntries(Object.entries(req.headers).filter(([k]) => k.toLowerCase() !== 'content-length'));
    const a = await rawExchange(server, head('POST', '/', h, { 'content-length': String(50 * 1024 * 1024) }), [], { finish: false, waitMs: 10_000 });
    assert.equal(a.status, 413, a.head);
  });
});

describe('uploads refused on their headers', () => {
  test('an anonymous PUT, and one signed with a wrong secret, declaring 1 GiB: refused before the body is sent', async () => {
    const anon = await rawExchange(server, head('PUT', '/lie/anon', { host: `127.0.0.1:${server.port}` }, { 'content-length': String(1 << 30) }), [], { finish: false, waitMs: 10_000 });
    assert.equal(anon.status, 403, anon.head);
    assert.equal(codeOf(anon.body), 'AccessDenied');
    const s = await signS3(server, 'PUT', '/lie/forged', { ...server.root, secretAccessKey: 'not-the-secret-not-the-secret-not-the-se' }, { headers: { 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' } });
    const forged = await rawExchange(server, head('PUT', '/lie/forged', s.headers, { 'content-length': String(1 << 30) }), [], { finish: false, waitMs: 10_000 });
    assert.equal(forged.status, 403, forged.head);
    assert.equal(codeOf(forged.body), 'SignatureDoesNotMatch');
    assert.equal(await stored('anon'), undefined);
    assert.equal(await stored('forged'), undefined);
  });
});

describe('aws-chunked framing that lies', () => {
  const chunkedExtra = (decoded: number) => ({
    'content-encoding': 'aws-chunked',
    'x-amz-decoded-content-length': String(decoded),
    'transfer-encoding': 'chunked',
  });
  // The aws-chunked body is sent inside HTTP/1.1 chunked transfer coding, as SDKs stream it.
  const te = (b: Buffer) => Buffer.concat([Buffer.from(`${b.length.toString(16)}\r\n`), b, Buffer.from('\r\n')]);
  const TE_END = Buffer.from('0\r\n\r\n');

  test('a chunk cut short, then the body ends: refused; nothing stored', async () => {
    const h = await putHead('chunk-short', 'STREAMING-UNSIGNED-PAYLOAD-TRAILER', chunkedExtra(1000));
    const a = await rawExchange(server, h, [te(Buffer.concat([Buffer.from('3e8\r\n'), Buffer.alloc(100, 97)])), TE_END]);
    refusedOrClosed(a, ['IncompleteBody', 'InvalidChunkSizeError', 'MalformedTrailerError', 'InvalidRequest']);
    assert.equal(await stored('chunk-short'), undefined);
  });

  test('a chunk size of 2^48 is refused without waiting for (or allocating) it', async () => {
    const h = await putHead('chunk-huge', 'STREAMING-UNSIGNED-PAYLOAD-TRAILER', chunkedExtra(10));
    const a = await rawExchange(server, h, [te(Buffer.from('1000000000000\r\naaaaaaaaaa'))], { finish: false, waitMs: 10_000 });
    refusedOrClosed(a, ['IncompleteBody', 'InvalidChunkSizeError', 'InvalidRequest']);
    assert.equal(await stored('chunk-huge'), undefined);
  });

  test('more decoded bytes than x-amz-decoded-content-length declares: refused; nothing stored', async () => {
    const data = Buffer.alloc(64, 98);
    const h = await putHead('chunk-more', 'STREAMING-UNSIGNED-PAYLOAD-TRAILER', chunkedExtra(10));
    const a = await rawExchange(server, h, [te(Buffer.concat([Buffer.from('40\r\n'), data, Buffer.from('\r\n0\r\n\r\n')])), TE_END]);
    refusedOrClosed(a);
    assert.equal(await stored('chunk-more'), undefined);
  });
});

describe('slow clients', () => {
  test('a body that never finishes: others are served meanwhile; when the client leaves, nothing is stored and its temporary file is gone', async () => {
    const tmp = join(server.dataDir, 'blobs', 'tmp');
    const listTmp = () => (existsSync(tmp) ? readdirSync(tmp) : []);
    const before = new Set(listTmp());
    const h = await putHead('hang', 'UNSIGNED-PAYLOAD', { 'content-length': String(1024 * 1024) });
    const hanging = rawExchange(server, h, [Buffer.alloc(64 * 1024, 99)], { finish: false, waitMs: 1_500 });
    // While it hangs, the server answers others.
    assert.ok(await healthy(server));
    const other = await sendS3(await signS3(server, 'PUT', '/lie/while-hanging', server.root, { body: 'served' }));
    assert.equal(other.status, 200);
    const a = await hanging;
    // No answer to an unfinished body (or, once a request timeout shorter than the wait exists, 408).
    assert.ok(a.status === undefined || a.status === 408, `answered ${a.status}`);
    assert.equal(await stored('hang'), undefined);
    const fresh = () => listTmp().filter((f) => !before.has(f));
    const deadline = Date.now() + 5_000;
    while (fresh().length > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    assert.deepEqual(fresh(), [], 'the abandoned upload left no temporary file');
  });

  test('50 connections stalled mid-headers and a 200 KB header flood do not stop a signed request', async () => {
    const stalled: Socket[] = [];
    await Promise.all(
      Array.from({ length: 50 }, () => new Promise<void>((resolve) => {
        const s = connect(server.port, '127.0.0.1', () => {
          s.write('PUT /lie/stalled HTTP/1.1\r\nhost: x\r\nx-amz-da');
          resolve();
        });
        s.on('error', () => undefined);
        stalled.push(s);
      })),
    );
    try {
      const flood = Array.from({ length: 2_000 }, (_, i) => `x-flood-${i}: ${'f'.repeat(90)}`).join('\r\n');
      const a = await rawExchange(server, `GET /_health HTTP/1.1\r\nhost: x\r\n${flood}`);
      refusedOrClosed(a);
      if (a.status !== undefined) assert.equal(a.status, 431);
      const ok = await sendS3(await signS3(server, 'GET', '/lie', server.root));
      assert.equal(ok.status, 200, ok.text);
    } finally {
      for (const s of stalled) s.destroy();
    }
    assert.ok(await healthy(server));
  });
});
