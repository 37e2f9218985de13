/**
 * Two `tessera serve` nodes on ONE PostgreSQL database sharing ONE `--object-store file:DIR` directory (a
 * shared file system), driven with the AWS SDK for JavaScript v3 and the aws CLI:
 *  - written on one node, read, listed and deleted on the other; a multipart upload whose parts go to both;
 *  - a node restarted while the other is half-way through an upload: the upload's file in DIR/tmp survives
 *    the restart's clean-up (it is younger than the grace period), the upload is acknowledged, and the
 *    restarted node serves its bytes.
 */
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { after, before, test } from 'node:test';
import {
  CompleteMultipartUploadCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { rejects } from '../helpers/aws-errors.js';
import { awsCli, sdkConfig } from '../helpers/clients.js';
import { startNodes, type Nodes } from '../helpers/nodes.js';
import { createTestDatabase, type TestDatabase } from '../helpers/postgres.js';
import type { TestServer } from '../helpers/server.js';

const root = { accessKeyId: 'AKIASHAREDFILEROOT01', secretAccessKey: 'shared-file-root-secret-000000000000000' };
let db: TestDatabase;
let shared: string;
let cluster: Nodes;
let a: TestServer;
let b: TestServer;

const s3 = (s: TestServer) => new S3Client({ ...sdkConfig(s, root), forcePathStyle: true });
const sha = (x: Uint8Array) => createHash('sha256').update(x).digest('hex');
const bytesOf = async (r: { Body?: { transformToByteArray(): Promise<Uint8Array> } }) => Buffer.from(await r.Body!.transformToByteArray());

before(async () => {
  const d = await createTestDatabase();
  if ('unavailable' in d) throw new Error(d.unavailable);
  db = d;
  shared = mkdtempSync(join(tmpdir(), 'tessera-shared-blobs-'));
  cluster = await startNodes(db, 2, { root, args: ['--object-store', `file:${shared}`, '--log', 'off'] });
  [a, b] = cluster.nodes as [TestServer, TestServer];
  await s3(a).send(new CreateBucketCommand({ Bucket: 'shared-dir' }));
});

after(async () => {
  await cluster?.stop();
  await db?.drop();
  if (shared) rmSync(shared, { recursive: true, force: true });
});

test('written on one node: read, listed and deleted on the other; a multipart upload with a part on each', async () => {
  const body = randomBytes(300_000);
  const put = await s3(a).send(new PutObjectCommand({ Bucket: 'shared-dir', Key: 'on-a', Body: body }));
  const got = await s3(b).send(new GetObjectCommand({ Bucket: 'shared-dir', Key: 'on-a' }));
  assert.equal(got.ETag, put.ETag);
  assert.equal(sha(await bytesOf(got)), sha(body));
  const listed = await s3(b).send(new ListObjectsV2Command({ Bucket: 'shared-dir' }));
  assert.deepEqual(listed.Contents!.map((o) => [o.Key, o.Size]), [['on-a', body.length]]);

  const parts = [randomBytes(5 * 1024 * 1024), randomBytes(777)];
  const { UploadId } = await s3(b).send(new CreateMultipartUploadCommand({ Bucket: 'shared-dir', Key: 'mp' }));
  const etags = [];
  for (const [i, Body] of parts.entries()) etags.push((await s3([a, b][i]!).send(new UploadPartCommand({ Bucket: 'shared-dir', Key: 'mp', UploadId, PartNumber: i + 1, Body }))).ETag);
  await s3(b).send(new CompleteMultipartUploadCommand({ Bucket: 'shared-dir', Key: 'mp', UploadId, MultipartUpload: { Parts: etags.map((ETag, i) => ({ ETag, PartNumber: i + 1 })) } }));
  assert.equal(sha(await bytesOf(await s3(a).send(new GetObjectCommand({ Bucket: 'shared-dir', Key: 'mp' })))), sha(Buffer.concat(parts)));

  await s3(b).send(new DeleteObjectCommand({ Bucket: 'shared-dir', Key: 'on-a' }));
  await rejects(s3(a).send(new GetObjectCommand({ Bucket: 'shared-dir', Key: 'on-a' })), 'NoSuchKey', 404);
});

test("a node restarted while the other is half-way through an upload: the upload's file survives, the upload is acknowledged and served", async () => {
  const head = randomBytes(1024 * 1024);
  const tail = randomBytes(3 * 1024 * 1024);
  let resume!: () => void;
  const resumed = new Promise<void>((r) => (resume = r));
  let sentHead!: () => void;
  const headSent = new Promise<void>((r) => (sentHead = r));
  // The body: its first MiB, then nothing until node B has restarted, then the rest.
  const body = Readable.from(
    (async function* () {
      yield head;
      sentHead();
      await resumed;
      yield tail;
    })(),
  );
  const client = s3(a);
  const upload = client.send(new PutObjectCommand({ Bucket: 'shared-dir', Key: 'in-flight', Body: body, ContentLength: head.length + tail.length }));
  await headSent;
  // Node A is writing the object's file under the shared tmp/ now.
  const deadline = Date.now() + 10_000;
  while (readdirSync(join(shared, 'tmp')).length === 0) {
    if (Date.now() > deadline) assert.fail('no upload file appeared under the shared tmp/');
    await new Promise((r) => setTimeout(r, 20));
  }
  const inFlight = readdirSync(join(shared, 'tmp'));
  b = await cluster.restart(1);
  assert.deepEqual(readdirSync(join(shared, 'tmp')), inFlight, "node B's start-up left node A's upload in flight alone");
  resume();
  const put = await upload;
  assert.match(put.ETag!, /^"[0-9a-f]{32}"$/);
  const got = await s3(b).send(new GetObjectCommand({ Bucket: 'shared-dir', Key: 'in-flight' }));
  assert.equal(got.ETag, put.ETag);
  assert.equal(sha(await bytesOf(got)), sha(Buffer.concat([head, tail])));
  // The aws CLI on the restarted node sees it too.
  const ls = awsCli(b, ['--endpoint-url', b.url, 's3', 'ls', 's3://shared-dir/'], root);
  assert.equal(ls.status, 0, ls.stderr);
  assert.match(ls.stdout, new RegExp(`${head.length + tail.length} in-flight`));
});
