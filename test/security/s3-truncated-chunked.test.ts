/**
 * An aws-chunked upload whose HTTP body ends inside a chunk (the chunk header promises 1,000 bytes, 100 come,
 * then the HTTP final chunk and a half-close) must end as an incomplete body: no temporary blob, no open file
 * and no stored object left behind, however many times it is tried.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { CreateBucketCommand, HeadObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { startServer, type TestServer } from '../helpers/server.js';
import { rawExchange, signS3 } from './held-lib.js';

let server: TestServer;
let s3: S3Client;
before(async () => {
  server = await startServer({ memory: false });
  s3 = new S3Client({ endpoint: server.url, region: 'us-east-1', credentials: server.root, forcePathStyle: true });
  await s3.send(new CreateBucketCommand({ Bucket: 'truncated' }));
});
after(async () => {
  await server?.stop();
});

const te = (b: Buffer) => Buffer.concat([Buffer.from(`${b.length.toString(16)}\r\n`), b, Buffer.from('\r\n')]);

test('20 truncated aws-chunked uploads leave no temporary blob, no open file and no object', async () => {
  const tmp = join(server.dataDir, 'blobs', 'tmp');
  const tmpFiles = () => (existsSync(tmp) ? readdirSync(tmp).length : 0);
  const fds = () => readdirSync(`/proc/${server.child.pid}/fd`).length;
  const fdsBefore = fds();
  for (let i = 0; i < 20; i++) {
    const path = `/truncated/k${i}`;
    const s = await signS3(server, 'PUT', path, server.root, {
      headers: { 'x-amz-content-sha256': 'STREAMING-UNSIGNED-PAYLOAD-TRAILER', 'content-encoding': 'aws-chunked', 'x-amz-decoded-content-length': '1000' },
    });
    const head = [`PUT ${path} HTTP/1.1`, ...Object.entries({ ...s.headers, 'transfer-encoding': 'chunked' }).map(([k, v]) => `${k}: ${v}`)].join('\r\n');
    const parts = [te(Buffer.concat([Buffer.from('3e8\r\n'), Buffer.alloc(100, 97)])), Buffer.from('0\r\n\r\n')];
    const a = await rawExchange(server, head, parts, { finish: true, waitMs: 1500 });
    // Either S3's incomplete-body answer or a closed connection; never a success.
    assert.ok(!/^HTTP\/1\.1 2/.test(a.head), a.head.split('\r\n')[0]);
  }
  // The server lets go of every attempt (bounded wait: the requests are over once their sockets closed).
  for (let i = 0; i < 50 && (tmpFiles() > 0 || fds() > fdsBefore + 2); i++) await new Promise((r) => setTimeout(r, 200));
  assert.equal(tmpFiles(), 0, 'temporary blobs left behind');
  assert.ok(fds() <= fdsBefore + 2, `open files: ${fdsBefore} before, ${fds()} after`);
  for (const i of [0, 19]) {
    await assert.rejects(s3.send(new HeadObjectCommand({ Bucket: 'truncated', Key: `k${i}` })), (e: { name: string }) => e.name === 'NotFound');
  }
});
