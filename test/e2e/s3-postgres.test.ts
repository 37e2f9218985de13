/**
 * S3 on the PostgreSQL store: the same operations as on SQLite, and listings in S3's UTF-8 byte order (the
 * key columns are collate "C"), paginated and folded by a delimiter; multipart completes in one transaction.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  CompleteMultipartUploadCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  DeleteBucketCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { startS3OnPostgres, stopS3OnPostgres, type S3OnPostgres } from '../helpers/postgres.js';
import type { TestServer } from '../helpers/server.js';

let db: S3OnPostgres['db'];
let server: TestServer;
let s3: S3Client;

before(async () => ({ db, server, s3 } = await startS3OnPostgres()));
after(() => stopS3OnPostgres({ db, server, s3 }));

test('PostgreSQL: byte-order listings, delimiter, pagination, multipart, delete', async (t) => {
  if ('unavailable' in db) return t.skip(db.unavailable);
  await s3.send(new CreateBucketCommand({ Bucket: 'pg-bucket' }));
  const keys = ['B', 'a', 'a/1', 'a/2', 'b', 'é', 'z', '\uFFFD', '😀', 'A b', 'a-b', 'a_b'];
  for (const k of keys) await s3.send(new PutObjectCommand({ Bucket: 'pg-bucket', Key: k, Body: k }));
  const seen: string[] = [];
  let token: string | undefined;
  do {
    const r = await s3.send(new ListObjectsV2Command({ Bucket: 'pg-bucket', MaxKeys: 5, ContinuationToken: token }));
    seen.push(...(r.Contents ?? []).map((c) => c.Key!));
    token = r.NextContinuationToken;
  } while (token);
  assert.deepEqual(seen, [...keys].sort((x, y) => Buffer.compare(Buffer.from(x), Buffer.from(y))));
  const d = await s3.send(new ListObjectsV2Command({ Bucket: 'pg-bucket', Delimiter: '/' }));
  assert.deepEqual(d.CommonPrefixes!.map((p) => p.Prefix), ['a/']);
  const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: 'pg-bucket', Key: 'mp' }));
  const p1 = Buffer.alloc(5 * 1024 * 1024, 1);
  const e1 = (await s3.send(new UploadPartCommand({ Bucket: 'pg-bucket', Key: 'mp', UploadId, PartNumber: 1, Body: p1 }))).ETag!;
  const e2 = (await s3.send(new UploadPartCommand({ Bucket: 'pg-bucket', Key: 'mp', UploadId, PartNumber: 2, Body: 'end' }))).ETag!;
  const c = await s3.send(new CompleteMultipartUploadCommand({ Bucket: 'pg-bucket', Key: 'mp', UploadId, MultipartUpload: { Parts: [{ PartNumber: 1, ETag: e1 }, { PartNumber: 2, ETag: e2 }] } }));
  assert.match(c.ETag!, /-2"$/);
  const got = Buffer.from(await (await s3.send(new GetObjectCommand({ Bucket: 'pg-bucket', Key: 'mp' }))).Body!.transformToByteArray());
  assert.ok(got.equals(Buffer.concat([p1, Buffer.from('end')])));
  await s3.send(new DeleteObjectsCommand({ Bucket: 'pg-bucket', Delete: { Objects: [...keys, 'mp'].map((Key) => ({ Key })) } }));
  await s3.send(new DeleteBucketCommand({ Bucket: 'pg-bucket' }));
});
