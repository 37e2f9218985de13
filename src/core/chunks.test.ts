import assert from 'node:assert/strict';
import { createServer, request, type IncomingMessage } from 'node:http';
import { PassThrough } from 'node:stream';
import { test } from 'node:test';
import { chunksOf } from './chunks.js';

test('chunksOf hands over the chunks as written, never joined, even to a consumer slower than the stream', async () => {
  const s = new PassThrough();
  const sent = Array.from({ length: 10 }, (_, i) => Buffer.alloc(1000 + i, i));
  const got: Buffer[] = [];
  const reading = (async () => {
    for await (const c of chunksOf(s)) {
      got.push(c);
      await new Promise((r) => setTimeout(r, 5));
    }
  })();
  for (const c of sent) s.write(c);
  s.end();
  await reading;
  assert.deepEqual(got.map((c) => c.length), sent.map((c) => c.length));
  assert.ok(Buffer.concat(got).equals(Buffer.concat(sent)));
});

test('chunksOf throws the stream\'s error, and a consumer that stops early destroys the stream', async () => {
  const s = new PassThrough();
  s.write(Buffer.from('a'));
  setTimeout(() => s.destroy(new Error('gone')), 10);
  await assert.rejects(
    (async () => {
      for await (const c of chunksOf(s)) void c;
    })(),
    /gone/,
  );
  const t = new PassThrough();
  t.write(Buffer.from('a'));
  for await (const c of chunksOf(t)) {
    assert.equal(c.toString(), 'a');
    break;
  }
  assert.equal(t.destroyed, true);
});

test('chunksOf leaves an HTTP server request it stops reading paused with its connection, so the answer still goes out', async () => {
  const server = createServer(async (req, res) => {
    for await (const c of chunksOf(req)) {
      void c;
      break;
    }
    assert.equal(req.socket.destroyed, false);
    res.writeHead(400, { Connection: 'close' }).end('refused');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as { port: number }).port;
  try {
    const res = await new Promise<IncomingMessage>((resolve, reject) => {
      const req = request({ port, host: '127.0.0.1', method: 'PUT', headers: { 'content-length': String(1 << 20) } }, resolve);
      req.on('error', reject);
      req.write(Buffer.alloc(64 * 1024, 1));
    });
    assert.equal(res.statusCode, 400);
    let body = '';
    for await (const c of res) body += String(c);
    assert.equal(body, 'refused');
  } finally {
    server.closeAllConnections();
    server.close();
  }
});
