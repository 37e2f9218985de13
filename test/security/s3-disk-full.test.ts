/**
 * A full disk must not block the requests that free it. Tessera runs on a real, small file system (a 24 MiB
 * tmpfs mounted for this test; mounting needs root, which CI and the development machines have — elsewhere
 * the test is skipped, and CI=true fails a skipped test) with TESSERA_S3_MIN_FREE_BYTES=4 MiB:
 *  - writes are refused with S3's 503 ServiceUnavailable once they would cut into the floor (PutObject,
 *    UploadPart, CopyObject; CreateMultipartUpload and CreateBucket once below it), nothing half-written
 *    left behind;
 *  - then another process fills the file system to the last byte, and DeleteObject, DeleteObjects,
 *    AbortMultipartUpload and DeleteBucket still succeed (the SQLite commit uses the reserve), the space
 *    comes back, and writes work again.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, statfsSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import {
  AbortMultipartUploadCommand,
  CopyObjectCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  DeleteBucketCommand,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { python, sdkConfig } from '../helpers/clients.js';
import { startServer, type TestServer } from '../helpers/server.js';

const MiB = 1024 * 1024;
const mountPoint = mkdtempSync(join(tmpdir(), 'tessera-full-'));
const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=24m,mode=0700', 'tmpfs', mountPoint]).status === 0;
let server: TestServer | undefined;
let s3: S3Client;
const B = 'full-disk';

const free = () => {
  const s = statfsSync(mountPoint);
  return s.bavail * s.bsize;
};

before(async () => {
  if (!mounted) return;
  server = await startServer({ dataDir: join(mountPoint, 'data'), env: { TESSERA_S3_MIN_FREE_BYTES: String(4 * MiB) } });
  s3 = new S3Client({ ...sdkConfig(server), forcePathStyle: true });
});
after(async () => {
  s3?.destroy();
  await server?.stop();
  if (mounted) spawnSync('umount', [mountPoint]);
  rmSync(mountPoint, { recursive: true, force: true });
});

async function refused(p: Promise<unknown>, status = 503, code = 'ServiceUnavailable') {
  try {
    await p;
  } catch (e) {
    const err = e as S3ServiceException;
    assert.equal(err.$metadata.httpStatusCode, status, err.message);
    assert.equal(err.name, code, err.message);
    return;
  }
  assert.fail(`expected ${status} ${code}`);
}

test('a full disk refuses writes with 503 and still lets every delete through', { skip: mounted ? false : 'cannot mount a tmpfs (needs root)' }, async () => {
  await s3.send(new CreateBucketCommand({ Bucket: B }));
  await s3.send(new CreateBucketCommand({ Bucket: `${B}-empty` }));
  const upload = await s3.send(new CreateMultipartUploadCommand({ Bucket: B, Key: 'mp' }));
  await s3.send(new UploadPartCommand({ Bucket: B, Key: 'mp', UploadId: upload.UploadId, PartNumber: 1, Body: Buffer.alloc(MiB, 1) }));

  // Fill up to the floor through the API.
  const body = Buffer.alloc(MiB, 2);
  let stored = 0;
  for (; stored < 40; stored++) {
    try {
      await s3.send(new PutObjectCommand({ Bucket: B, Key: `o${stored}`, Body: body }));
    } catch (e) {
      assert.equal((e as S3ServiceException).$metadata.httpStatusCode, 503, (e as Error).message);
      assert.equal((e as S3ServiceException).name, 'ServiceUnavailable');
      break;
    }
  }
  assert.ok(stored >= 5 && stored < 40, `stored ${stored} objects before the floor`);
  assert.ok(free() >= 3 * MiB, `the floor keeps room: ${free()} bytes free`);

  // Writes that would cut into the floor are refused, from the JS SDK and from boto3; nothing of them is stored.
  await refused(s3.send(new PutObjectCommand({ Bucket: B, Key: 'late', Body: body })));
  await refused(s3.send(new UploadPartCommand({ Bucket: B, Key: 'mp', UploadId: upload.UploadId, PartNumber: 2, Body: body })));
  await refused(s3.send(new CopyObjectCommand({ Bucket: B, Key: 'copy', CopySource: `${B}/o0` })));
  const py = python(
    server!,
    `
import boto3, json, os
from botocore.config import Config
from botocore.exceptions import ClientError
s3 = boto3.client('s3', endpoint_url=os.environ['ENDPOINT'], config=Config(retries={'max_attempts': 1, 'mode': 'standard'}))
try:
    s3.put_object(Bucket='${B}', Key='late-boto', Body=b'x' * 1048576)
    print(json.dumps({'ok': True}))
except ClientError as e:
    print(json.dumps({'status': e.response['ResponseMetadata']['HTTPStatusCode'], 'code': e.response['Error']['Code']}))
`,
  );
  assert.equal(py.status, 0, py.stderr);
  assert.deepEqual(JSON.parse(py.stdout), { status: 503, code: 'ServiceUnavailable' });
  const keys = ((await s3.send(new ListObjectsV2Command({ Bucket: B }))).Contents ?? []).map((o) => o.Key);
  assert.equal(keys.length, stored);
  assert.ok(!keys.includes('late') && !keys.includes('copy') && !keys.includes('late-boto'));

  // Another process takes the last byte.
  const fd = openSync(join(mountPoint, 'filler'), 'w');
  try {
    for (;;) writeSync(fd, Buffer.alloc(64 * 1024));
  } catch (e) {
    assert.equal((e as NodeJS.ErrnoException).code, 'ENOSPC');
  }
  try {
    for (;;) writeSync(fd, Buffer.alloc(512));
  } catch {
    // full to the byte
  } finally {
    closeSync(fd);
  }
  assert.ok(free() < 4096, `the disk is full: ${free()} bytes free`);
  // Now even writes of metadata only are refused.
  await refused(s3.send(new PutObjectCommand({ Bucket: B, Key: 'tiny', Body: 'x' })));
  await refused(s3.send(new CreateMultipartUploadCommand({ Bucket: B, Key: 'mp2' })));
  await refused(s3.send(new CreateBucketCommand({ Bucket: `${B}-new` })));

  // Deletes work and give the space back.
  await s3.send(new DeleteObjectCommand({ Bucket: B, Key: 'o0' }));
  const del = await s3.send(new DeleteObjectsCommand({ Bucket: B, Delete: { Objects: [{ Key: 'o1' }, { Key: 'o2' }, { Key: 'o3' }] } }));
  assert.deepEqual((del.Deleted ?? []).map((d) => d.Key).sort(), ['o1', 'o2', 'o3']);
  assert.equal(del.Errors, undefined);
  await s3.send(new AbortMultipartUploadCommand({ Bucket: B, Key: 'mp', UploadId: upload.UploadId }));
  await s3.send(new DeleteBucketCommand({ Bucket: `${B}-empty` }));
  await refused(s3.send(new GetObjectCommand({ Bucket: B, Key: 'o0' })), 404, 'NoSuchKey');
  assert.ok(free() >= 3 * MiB, `deletes freed space: ${free()} bytes free`);

  // With the other process's file gone, writes work again.
  rmSync(join(mountPoint, 'filler'));
  await s3.send(new PutObjectCommand({ Bucket: B, Key: 'after', Body: 'back' }));
  const got = await s3.send(new GetObjectCommand({ Bucket: B, Key: 'after' }));
  assert.equal(await got.Body!.transformToString(), 'back');
});
