/**
 * Crash safety: kill -9 the server while many PUTs (single and multipart) are in flight, restart it on the
 * same data directory, and check that every object whose PUT was answered 200 is there and intact
 * (SHA-256), that every visible object is one that was sent, whole, and that no half-written file is left.
 */
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import {
  CompleteMultipartUploadCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  ListMultipartUploadsCommand,
  ListObjectVersionsCommand,
  ListPartsCommand,
  UploadPartCommand,
  ListObjectsV2Command,
  PutBucketVersioningCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { sdkConfig } from '../helpers/clients.js';
import { startServer, type TestServer } from '../helpers/server.js';

const dataDir = mkdtempSync(join(tmpdir(), 'tessera-s3-crash-'));
const versionedDir = mkdtempSync(join(tmpdir(), 'tessera-s3-crash-v-'));
const root = { accessKeyId: 'AKIACRASHTEST0000001', secretAccessKey: 'crash-test-secret/abcdefghijklmnopqrstuv' };
let server: TestServer | undefined;
after(async () => {
  await server?.stop();
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(versionedDir, { recursive: true, force: true });
});

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

test('kill -9 during uploads: acknowledged objects intact, nothing torn visible', async (t) => {
  server = await startServer({ dataDir, root });
  let s3 = new S3Client({ ...sdkConfig(server, root), forcePathStyle: true });
  await s3.send(new CreateBucketCommand({ Bucket: 'crash' }));
  const sent = new Map<string, string>(); // key -> sha256 of what was sent
  const acked = new Set<string>();
  let stop = false;
  let n = 0;
  const worker = async (w: number) => {
    while (!stop) {
      const i = n++;
      const key = `w${w}/obj-${i}`;
      const size = i % 7 === 0 ? 6 * 1024 * 1024 + (i % 1000) : 1 + ((i * 7919) % (512 * 1024));
      const body = randomBytes(size);
      sent.set(key, sha(body));
      try {
        await s3.send(new PutObjectCommand({ Bucket: 'crash', Key: key, Body: body }));
        acked.add(key);
      } catch {
        return; // the server is gone
      }
    }
  };
  const multipart = async () => {
    while (!stop) {
      const key = `mp/obj-${n++}`;
      const parts = [randomBytes(5 * 1024 * 1024), randomBytes(123_457)];
      sent.set(key, sha(Buffer.concat(parts)));
      try {
        const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: 'crash', Key: key }));
        const etags: string[] = [];
        for (const [i, p] of parts.entries()) etags.push((await s3.send(new UploadPartCommand({ Bucket: 'crash', Key: key, UploadId, PartNumber: i + 1, Body: p }))).ETag!);
        await s3.send(
          new CompleteMultipartUploadCommand({ Bucket: 'crash', Key: key, UploadId, MultipartUpload: { Parts: etags.map((ETag, i) => ({ ETag, PartNumber: i + 1 })) } }),
        );
        acked.add(key);
      } catch {
        return;
      }
    }
  };
  let ended = 0;
  const workers = [...Array.from({ length: 8 }, (_, w) => worker(w)), multipart(), multipart()].map((p) => p.finally(() => ended++));
  // The kill comes after a number of acknowledged uploads, not after a fixed time: how many a time window
  // sees depends on the machine's load (fsync under contention), what the test checks does not. All ten
  // writers are still sending when it comes.
  const WANTED = 24;
  for (let i = 0; i < 1200 && acked.size < WANTED && ended === 0; i++) await new Promise((r) => setTimeout(r, 50));
  assert.equal(ended, 0, 'every writer is still uploading when the server is killed');
  assert.ok(acked.size >= WANTED, `${WANTED} uploads were acknowledged before the kill (${acked.size})`);
  await server.stop('SIGKILL');
  stop = true;
  await Promise.all(workers);
  s3.destroy();

  server = await startServer({ dataDir, root });
  s3 = new S3Client({ ...sdkConfig(server, root), forcePathStyle: true });
  // No half-written file survives the restart.
  assert.deepEqual(readdirSync(join(dataDir, 'blobs', 'tmp')), []);
  const visible: string[] = [];
  let token: string | undefined;
  do {
    const r = await s3.send(new ListObjectsV2Command({ Bucket: 'crash', ContinuationToken: token }));
    visible.push(...(r.Contents ?? []).map((c) => c.Key!));
    token = r.NextContinuationToken;
  } while (token);
  for (const k of acked) assert.ok(visible.includes(k), `acknowledged ${k} is listed`);
  // Every visible object (acknowledged, or committed just before the kill) is exactly what was sent.
  for (const k of visible) {
    assert.ok(sent.has(k), `${k} was sent`);
    const g = await s3.send(new GetObjectCommand({ Bucket: 'crash', Key: k }));
    assert.equal(g.$metadata.httpStatusCode, 200);
    const got = await g.Body!.transformToByteArray();
    assert.equal(sha(got), sent.get(k), `${k} is intact`);
  }
  // No orphaned blob survives either: once the start-up sweep has run, the blob files are exactly those
  // the visible objects and the unfinished uploads' parts reference.
  let expected = visible.reduce((n, k) => n + (k.startsWith('mp/') ? 2 : 1), 0);
  for (const u of (await s3.send(new ListMultipartUploadsCommand({ Bucket: 'crash' }))).Uploads ?? []) {
    expected += ((await s3.send(new ListPartsCommand({ Bucket: 'crash', Key: u.Key!, UploadId: u.UploadId! }))).Parts ?? []).length;
  }
  const countBlobs = () =>
    readdirSync(join(dataDir, 'blobs')).filter((d) => /^[0-9a-f]{2}$/.test(d)).reduce((n, d) => n + readdirSync(join(dataDir, 'blobs', d)).length, 0);
  const t0 = Date.now();
  while (countBlobs() !== expected && Date.now() - t0 < 10_000) await new Promise((r) => setTimeout(r, 100));
  assert.equal(countBlobs(), expected, 'blob files = referenced blobs');
  t.diagnostic(`sweep: ${/removed \d+ orphaned blob\(s\)/.exec(server.output())?.[0] ?? 'no orphan to remove'}`);
  t.diagnostic(`acknowledged ${acked.size}, sent ${sent.size}, visible after restart ${visible.length}`);
  s3.destroy();
});

test('kill -9 during versioned overwrites and deletes: every acknowledged version intact, the older versions survive the sweep', async (t) => {
  await server?.stop();
  server = await startServer({ dataDir: versionedDir, root });
  let s3 = new S3Client({ ...sdkConfig(server, root), forcePathStyle: true });
  await s3.send(new CreateBucketCommand({ Bucket: 'crashv' }));
  await s3.send(new PutBucketVersioningCommand({ Bucket: 'crashv', VersioningConfiguration: { Status: 'Enabled' } }));
  const sent = new Map<string, Set<string>>(); // key -> sha256 of every body sent
  const acked = new Map<string, string>(); // version id -> sha256
  const markers = new Set<string>();
  let stop = false;
  let n = 0;
  const worker = async (w: number) => {
    while (!stop) {
      const i = n++;
      const key = `k${(i * 31 + w) % 5}`;
      try {
        if (i % 9 === 0) {
          markers.add((await s3.send(new DeleteObjectCommand({ Bucket: 'crashv', Key: key }))).VersionId!);
          continue;
        }
        const body = randomBytes(1 + ((i * 7919) % (256 * 1024)));
        if (!sent.has(key)) sent.set(key, new Set());
        sent.get(key)!.add(sha(body));
        acked.set((await s3.send(new PutObjectCommand({ Bucket: 'crashv', Key: key, Body: body }))).VersionId!, sha(body));
      } catch {
        return; // the server is gone
      }
    }
  };
  const workers = Array.from({ length: 6 }, (_, w) => worker(w));
  await new Promise((r) => setTimeout(r, 2000));
  assert.ok(acked.size > 10, `versions were acknowledged before the kill (${acked.size})`);
  await server.stop('SIGKILL');
  stop = true;
  await Promise.all(workers);
  s3.destroy();

  server = await startServer({ dataDir: versionedDir, root });
  s3 = new S3Client({ ...sdkConfig(server, root), forcePathStyle: true });
  const versions: Array<{ key: string; id: string }> = [];
  const seenMarkers = new Set<string>();
  let KeyMarker: string | undefined;
  let VersionIdMarker: string | undefined;
  for (;;) {
    const r = await s3.send(new ListObjectVersionsCommand({ Bucket: 'crashv', MaxKeys: 50, KeyMarker, VersionIdMarker }));
    versions.push(...(r.Versions ?? []).map((v) => ({ key: v.Key!, id: v.VersionId! })));
    for (const m of r.DeleteMarkers ?? []) seenMarkers.add(m.VersionId!);
    if (!r.IsTruncated) break;
    KeyMarker = r.NextKeyMarker;
    VersionIdMarker = r.NextVersionIdMarker;
  }
  const listed = new Set(versions.map((v) => v.id));
  for (const id of acked.keys()) assert.ok(listed.has(id), `acknowledged version ${id} is listed`);
  for (const id of markers) assert.ok(seenMarkers.has(id), `acknowledged delete marker ${id} is listed`);
  // Give the start-up sweep its time, then read every version: none lost its bytes to it.
  const t0 = Date.now();
  while (!/orphaned blob|no orphan/.test(server.output()) && Date.now() - t0 < 3_000) await new Promise((r) => setTimeout(r, 100));
  for (const v of versions) {
    const got = await (await s3.send(new GetObjectCommand({ Bucket: 'crashv', Key: v.key, VersionId: v.id }))).Body!.transformToByteArray();
    assert.ok(sent.get(v.key)?.has(sha(got)), `${v.key} ${v.id} is a body that was sent, whole`);
    if (acked.has(v.id)) assert.equal(sha(got), acked.get(v.id));
  }
  const countBlobs = () =>
    readdirSync(join(versionedDir, 'blobs')).filter((d) => /^[0-9a-f]{2}$/.test(d)).reduce((c, d) => c + readdirSync(join(versionedDir, 'blobs', d)).length, 0);
  const t1 = Date.now();
  while (countBlobs() !== versions.length && Date.now() - t1 < 10_000) await new Promise((r) => setTimeout(r, 100));
  assert.equal(countBlobs(), versions.length, 'blob files = the versions\' blobs');
  t.diagnostic(`acknowledged ${acked.size} versions and ${markers.size} delete markers; listed ${versions.length} versions, ${seenMarkers.size} markers`);
  s3.destroy();
});
