/**
 * S3 versioning end to end through the AWS SDK for JavaScript v3, on SQLite and on PostgreSQL: the
 * versioning status, version ids on every write (PutObject, CopyObject, CompleteMultipartUpload), reads,
 * copies and deletes by version, delete markers (404 for the key, 405 for the marker by id), the null
 * version of unversioned and suspended buckets, ListObjectVersions and its pagination, and AWS's errors.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  DeleteBucketCommand,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetBucketVersioningCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectVersionsCommand,
  ListObjectsV2Command,
  PutBucketVersioningCommand,
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
  type ListObjectVersionsCommandOutput,
} from '@aws-sdk/client-s3';
import { rejects } from '../helpers/aws-errors.js';
import { sdkConfig } from '../helpers/clients.js';
import { createTestDatabase, type TestDatabase } from '../helpers/postgres.js';
import { startServer, type TestServer } from '../helpers/server.js';

const text = async (s3: S3Client, Bucket: string, Key: string, VersionId?: string) =>
  Buffer.from(await (await s3.send(new GetObjectCommand({ Bucket, Key, VersionId }))).Body!.transformToByteArray()).toString();

/** Every entry of ListObjectVersions, page by page, as [key, version id or 'marker:'+id, IsLatest]. */
async function allVersions(s3: S3Client, Bucket: string, MaxKeys: number, extra: { Prefix?: string; Delimiter?: string } = {}) {
  const out: Array<[string, string, boolean]> = [];
  const prefixes: string[] = [];
  let KeyMarker: string | undefined;
  let VersionIdMarker: string | undefined;
  let pages = 0;
  for (;;) {
    const r: ListObjectVersionsCommandOutput = await s3.send(new ListObjectVersionsCommand({ Bucket, MaxKeys, KeyMarker, VersionIdMarker, ...extra }));
    pages++;
    const entries = [
      ...(r.Versions ?? []).map((v) => ({ k: v.Key!, id: v.VersionId!, l: v.IsLatest!, m: false, t: v.LastModified! })),
      ...(r.DeleteMarkers ?? []).map((v) => ({ k: v.Key!, id: v.VersionId!, l: v.IsLatest!, m: true, t: v.LastModified! })),
    ];
    assert.ok(entries.length + (r.CommonPrefixes ?? []).length <= MaxKeys);
    out.push(...entries.map((e): [string, string, boolean] => [e.k, e.m ? `marker:${e.id}` : e.id, e.l]));
    prefixes.push(...(r.CommonPrefixes ?? []).map((p) => p.Prefix!));
    if (!r.IsTruncated) return { out, prefixes, pages };
    KeyMarker = r.NextKeyMarker;
    VersionIdMarker = r.NextVersionIdMarker;
  }
}

function scenario(name: string, open: () => Promise<{ s3: S3Client; skip?: string }>) {
  describe(`versioning (${name})`, () => {
    let s3: S3Client;
    let skip: string | undefined;
    before(async () => ({ s3, skip } = await open()));
    const B = `ver-${name}`;

    test('status, version ids on every write, reads and deletes by version, delete markers, the null version', async (t) => {
      if (skip) return t.skip(skip);
      await s3.send(new CreateBucketCommand({ Bucket: B }));
      assert.equal((await s3.send(new GetBucketVersioningCommand({ Bucket: B }))).Status, undefined);
      const zero = await s3.send(new PutObjectCommand({ Bucket: B, Key: 'k', Body: 'zero' }));
      assert.equal(zero.VersionId, undefined, 'an unversioned bucket names no version');
      await s3.send(new PutBucketVersioningCommand({ Bucket: B, VersioningConfiguration: { Status: 'Enabled' } }));
      assert.equal((await s3.send(new GetBucketVersioningCommand({ Bucket: B }))).Status, 'Enabled');

      const v1 = (await s3.send(new PutObjectCommand({ Bucket: B, Key: 'k', Body: 'one' }))).VersionId!;
      const v2 = (await s3.send(new PutObjectCommand({ Bucket: B, Key: 'k', Body: 'two' }))).VersionId!;
      assert.match(v1, /^[A-Za-z0-9_-]{32}$/);
      assert.notEqual(v1, v2);
      assert.equal(await text(s3, B, 'k'), 'two');
      assert.equal(await text(s3, B, 'k', v1), 'one');
      assert.equal(await text(s3, B, 'k', 'null'), 'zero', 'the object from before versioning is the null version');
      const head = await s3.send(new HeadObjectCommand({ Bucket: B, Key: 'k', VersionId: v1 }));
      assert.equal(head.VersionId, v1);
      assert.equal(head.ContentLength, 3);
      assert.equal((await s3.send(new GetObjectCommand({ Bucket: B, Key: 'k' }))).VersionId, v2);

      const del = await s3.send(new DeleteObjectCommand({ Bucket: B, Key: 'k' }));
      assert.equal(del.DeleteMarker, true);
      const marker = del.VersionId!;
      await rejects(s3.send(new GetObjectCommand({ Bucket: B, Key: 'k' })), 'NoSuchKey', 404);
      await rejects(s3.send(new GetObjectCommand({ Bucket: B, Key: 'k', VersionId: marker })), 'MethodNotAllowed', 405);
      assert.equal(await text(s3, B, 'k', v2), 'two', 'older versions stay readable by id');
      assert.deepEqual((await s3.send(new ListObjectsV2Command({ Bucket: B }))).Contents ?? [], [], 'a deleted key is not listed');
      const listed = await allVersions(s3, B, 1000);
      // The SDK gives versions and delete markers as two lists, each in the listing's order.
      assert.deepEqual(listed.out, [['k', v2, false], ['k', v1, false], ['k', 'null', false], ['k', `marker:${marker}`, true]]);

      const undo = await s3.send(new DeleteObjectCommand({ Bucket: B, Key: 'k', VersionId: marker }));
      assert.equal(undo.DeleteMarker, true);
      assert.equal(undo.VersionId, marker);
      assert.equal(await text(s3, B, 'k'), 'two', 'removing the marker brings the key back');

      const copy = await s3.send(new CopyObjectCommand({ Bucket: B, Key: 'k', CopySource: `${B}/k?versionId=${v1}` }));
      assert.equal(copy.CopySourceVersionId, v1);
      assert.ok(copy.VersionId && copy.VersionId !== v1);
      assert.equal(await text(s3, B, 'k'), 'one', 'an old version copied over the key is the latest');
      await rejects(s3.send(new CopyObjectCommand({ Bucket: B, Key: 'k2', CopySource: `${B}/k?versionId=${marker}` })), 'NoSuchVersion', 404);

      const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: B, Key: 'mp' }));
      const e1 = (await s3.send(new UploadPartCommand({ Bucket: B, Key: 'mp', UploadId, PartNumber: 1, Body: 'part' }))).ETag!;
      const done = await s3.send(new CompleteMultipartUploadCommand({ Bucket: B, Key: 'mp', UploadId, MultipartUpload: { Parts: [{ PartNumber: 1, ETag: e1 }] } }));
      assert.match(done.VersionId!, /^[A-Za-z0-9_-]{32}$/);

      await s3.send(new DeleteObjectCommand({ Bucket: B, Key: 'k', VersionId: v2 }));
      await rejects(s3.send(new GetObjectCommand({ Bucket: B, Key: 'k', VersionId: v2 })), 'NoSuchVersion', 404);

      // Suspended: writes are the null version, replacing the null version.
      await s3.send(new PutBucketVersioningCommand({ Bucket: B, VersioningConfiguration: { Status: 'Suspended' } }));
      assert.equal((await s3.send(new GetBucketVersioningCommand({ Bucket: B }))).Status, 'Suspended');
      assert.equal((await s3.send(new PutObjectCommand({ Bucket: B, Key: 'k', Body: 'n1' }))).VersionId, 'null');
      assert.equal((await s3.send(new PutObjectCommand({ Bucket: B, Key: 'k', Body: 'n2' }))).VersionId, 'null');
      const ks = (await allVersions(s3, B, 1000, { Prefix: 'k' })).out;
      assert.deepEqual(ks.map((e) => e[1]), ['null', copy.VersionId, v1], 'the old null version was replaced; the versioned ones stay');
      assert.equal(await text(s3, B, 'k', 'null'), 'n2');
      const sdel = await s3.send(new DeleteObjectCommand({ Bucket: B, Key: 'k' }));
      assert.equal(sdel.DeleteMarker, true);
      assert.equal(sdel.VersionId, 'null', 'a delete in a suspended bucket is a null delete marker');
      assert.equal(await text(s3, B, 'k', v1), 'one');

      // DeleteObjects by version.
      const r = await s3.send(
        new DeleteObjectsCommand({ Bucket: B, Delete: { Objects: [{ Key: 'k', VersionId: v1 }, { Key: 'k', VersionId: 'null' }, { Key: 'mp' }] } }),
      );
      const deleted = (r.Deleted ?? []).map((d) => [d.Key, d.VersionId, d.DeleteMarker ?? false]);
      assert.deepEqual(deleted, [['k', v1, false], ['k', 'null', true], ['mp', undefined, true]]);
      await rejects(s3.send(new DeleteBucketCommand({ Bucket: B })), 'BucketNotEmpty', 409);
    });

    test('ListObjectVersions pages across many versions (keys, version markers, a delimiter) and refuses bad markers', async (t) => {
      if (skip) return t.skip(skip);
      const P = `${B}-pages`;
      await s3.send(new CreateBucketCommand({ Bucket: P }));
      await s3.send(new PutBucketVersioningCommand({ Bucket: P, VersioningConfiguration: { Status: 'Enabled' } }));
      const expected: Array<[string, string, boolean]> = [];
      for (const key of ['a', 'b/1', 'b/2', 'c', 'é']) {
        const ids: string[] = [];
        for (let i = 0; i < 7; i++) ids.push((await s3.send(new PutObjectCommand({ Bucket: P, Key: key, Body: `${key}${i}` }))).VersionId!);
        ids.reverse().forEach((id, i) => expected.push([key, id, i === 0]));
      }
      const whole = await allVersions(s3, P, 1000);
      assert.deepEqual(whole.out, expected);
      for (const size of [1, 3, 7, 10]) {
        const paged = await allVersions(s3, P, size);
        assert.deepEqual(paged.out, expected, `pages of ${size}`);
        assert.equal(paged.pages, Math.ceil(expected.length / size));
      }
      const folded = await allVersions(s3, P, 4, { Delimiter: '/' });
      assert.deepEqual(folded.prefixes, ['b/']);
      assert.deepEqual(folded.out, expected.filter((e) => !e[0].startsWith('b/')));
      assert.deepEqual((await allVersions(s3, P, 5, { Prefix: 'b/' })).out, expected.filter((e) => e[0].startsWith('b/')));
      await rejects(s3.send(new ListObjectVersionsCommand({ Bucket: P, VersionIdMarker: expected[0]![1] })), 'InvalidArgument', 400);
      await rejects(s3.send(new GetObjectCommand({ Bucket: P, Key: 'a', VersionId: 'not-a-version' })), 'InvalidArgument', 400);
      await rejects(s3.send(new GetObjectCommand({ Bucket: P, Key: 'a', VersionId: 'A'.repeat(32) })), 'NoSuchVersion', 404);
      await rejects(
        s3.send(new PutBucketVersioningCommand({ Bucket: P, VersioningConfiguration: { Status: 'Enabled', MFADelete: 'Enabled' } })),
        'NotImplemented',
        501,
      );
      assert.equal((await s3.send(new GetBucketVersioningCommand({ Bucket: P }))).Status, 'Enabled', 'the refused request changed nothing');
    });
  });
}

let sqlite: TestServer;
let pg: TestServer | undefined;
let db: TestDatabase | { unavailable: string };
const clients: S3Client[] = [];
const client = (s: TestServer) => {
  const c = new S3Client({ ...sdkConfig(s), forcePathStyle: true });
  clients.push(c);
  return c;
};

scenario('sqlite', async () => {
  sqlite ??= await startServer();
  return { s3: client(sqlite) };
});
scenario('postgres', async () => {
  db = await createTestDatabase();
  if ('unavailable' in db) return { s3: undefined as unknown as S3Client, skip: db.unavailable };
  pg = await startServer({ database: db.url });
  return { s3: client(pg) };
});

after(async () => {
  for (const c of clients) c.destroy();
  await sqlite?.stop();
  await pg?.stop();
  if (db && !('unavailable' in db)) await db.drop();
});
