/**
 * An object-store backend that fails never takes Tessera down: each failure becomes an AWS error for the one
 * request (503 ServiceUnavailable when the backend is full or asks to slow down, else 500 InternalError), a
 * download cut by the backend is cut for the client too (never a short 200 that looks complete), nothing
 * half-written is listed, and the next request is served. The backend is a real Ceph behind a TCP proxy of
 * the test's own (helpers/faultyBackend.ts) that refuses connections, answers radosgw's errors, resets
 * an answer mid-body, or stalls (never answers) on demand. The server runs with a short
 * --object-store-timeout, so a stalled backend fails a request within seconds. Without Ceph this file fails.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { CreateBucketCommand, DeleteObjectCommand, GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import { ceph, cephBucket, cephObjectStore } from '../helpers/ceph.js';
import { sdkConfig } from '../helpers/clients.js';
import { faultyBackend, type FaultyBackend } from '../helpers/faultyBackend.js';
import { startServer, type TestServer } from '../helpers/server.js';


/** The AWS error a call answers (it must fail). */
async function awsError(p: Promise<unknown>): Promise<{ status: number | undefined; code: string }> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof S3ServiceException, `not an S3 error: ${String(e)}`);
    return { status: e.$metadata.httpStatusCode, code: e.name };
  }
  assert.fail('the call succeeded');
}

const keys = async () => ((await s3.send(new ListObjectsV2Command({ Bucket: bucket }))).Contents ?? []).map((o) => o.Key).sort();

/** The server still runs and serves: a full read of the stored object, byte for byte. */
async function stillServing(): Promise<void> {
  await proxy.set({ kind: 'pass' });
  assert.equal(server.child.exitCode, null, 'the server exited');
  const got = Buffer.from(await (await s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'big' }))).Body!.transformToByteArray());
  assert.ok(got.equals(big));
}

let proxy: FaultyBackend;
let server: TestServer;
let s3: S3Client;
const bucket = 'failures';
const big = randomBytes(12 * 1024 * 1024);
/** --object-store-timeout: short, so a stalled backend fails within the test, yet far above a busy Ceph's pauses. */
const TIMEOUT_S = 5;

// Both upload paths: sealed blobs (SSE-S3, the default: SHA-256-signed parts) and plain ones (one streamed
// PutObject checked by its ETag).
for (const encryption of ['AES256', 'none']) describe(`default encryption ${encryption}`, () => {
  before(async () => {
    const c = ceph();
    proxy = await faultyBackend({ host: c.host, port: c.port });
    const { args, env } = cephObjectStore({ ...c, host: proxy.host, port: proxy.port }, cephBucket('fail'));
    server = await startServer({ args: [...args, '--object-store-timeout', String(TIMEOUT_S)], env: { ...env, TESSERA_S3_DEFAULT_ENCRYPTION: encryption } });
    s3 = new S3Client({ ...sdkConfig(server), forcePathStyle: true, maxAttempts: 1 });
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'big', Body: big }));
  });

  after(async () => {
    s3?.destroy();
    await server?.stop();
    await proxy?.close();
  });

  test('a backend that refuses connections: PUT and GET answer 500 InternalError, nothing is listed, the server keeps serving', async () => {
    await proxy.set({ kind: 'refuse' });
    assert.deepEqual(await awsError(s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'down', Body: big }))), { status: 500, code: 'InternalError' });
    assert.deepEqual(await awsError(s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'big' }))), { status: 500, code: 'InternalError' });
    assert.deepEqual(await keys(), ['big']);
    await stillServing();
  });

  for (const [status, code, want] of [
    [507, 'InsufficientCapacity', { status: 503, code: 'ServiceUnavailable' }],
    [503, 'SlowDown', { status: 503, code: 'ServiceUnavailable' }],
    [500, 'InternalError', { status: 500, code: 'InternalError' }],
  ] as const) {
    test(`a backend answering ${status} ${code} (on the headers, the body unread): PUT answers ${want.status} ${want.code} and lists nothing; GET too`, async () => {
      await proxy.set({ kind: 'status', status, code });
      assert.deepEqual(await awsError(s3.send(new PutObjectCommand({ Bucket: bucket, Key: `failed-${status}`, Body: big }))), want);
      assert.deepEqual(await awsError(s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'big' }))), want);
      await proxy.set({ kind: 'pass' });
      assert.deepEqual(await keys(), ['big']);
      assert.equal((await awsError(s3.send(new GetObjectCommand({ Bucket: bucket, Key: `failed-${status}` })))).code, 'NoSuchKey');
      await stillServing();
    });
  }

  test('a backend resetting a GET mid-body: the client sees a broken transfer (never a complete-looking 200), the server keeps serving', async () => {
    const huge = randomBytes(40 * 1024 * 1024);
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'huge', Body: huge }));
    // Counted per backend connection: a sealed GET reads its runs by ranged GETs, a few at once, so each of
    // those connections carries a part of the 40 MiB; 3 MiB cuts every one of them, and the plain GET's one.
    await proxy.set({ kind: 'resetAfter', bytes: 3 * 1024 * 1024 });
    // The status and headers come first (the backend's first bytes arrived), then the body stops short.
    const r = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'huge' }));
    let received = 0;
    let error: string | undefined;
    try {
      for await (const c of r.Body as AsyncIterable<Uint8Array>) received += c.length;
    } catch (e) {
      error = (e as Error).message;
    }
    const outcome = { status: r.$metadata.httpStatusCode, length: r.ContentLength, received, error };
    assert.equal(outcome.status, 200);
    assert.equal(outcome.length, huge.length);
    assert.ok(outcome.received < huge.length, `received ${outcome.received} of ${huge.length}`);
    assert.ok(outcome.error, 'the truncated body ended without an error');
    await stillServing();
    await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: 'huge' }));
  });

  test(`a backend that stalls (takes the request, never answers): PUT and GET answer 500 InternalError after --object-store-timeout ${TIMEOUT_S}, not the default 60 s; nothing is listed`, async () => {
    await proxy.set({ kind: 'stall' });
    for (const call of [
      () => s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'stalled', Body: big })),
      () => s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'big' })),
    ]) {
      const t0 = Date.now();
      assert.deepEqual(await awsError(call()), { status: 500, code: 'InternalError' });
      const seconds = (Date.now() - t0) / 1000;
      assert.ok(seconds >= TIMEOUT_S - 0.5 && seconds < 30, `answered after ${seconds} s`);
    }
    await proxy.set({ kind: 'pass' });
    assert.deepEqual(await keys(), ['big']);
    assert.equal((await awsError(s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'stalled' })))).code, 'NoSuchKey');
    await stillServing();
  });

  test('a backend resetting mid-upload: PUT fails with an AWS error and lists nothing, the server keeps serving', async () => {
    // The reset comes on the first answer bytes: a PutObject's answer, after the whole body went up.
    await proxy.set({ kind: 'resetAfter', bytes: 0 });
    assert.deepEqual(await awsError(s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'reset', Body: big }))), { status: 500, code: 'InternalError' });
    await proxy.set({ kind: 'pass' });
    assert.deepEqual(await keys(), ['big']);
    await stillServing();
  });
});
