/**
 * S3 through the AWS SDK for JavaScript v3 (forcePathStyle) against a real `tessera serve`: buckets, objects
 * with metadata, ranges and conditions, listings v1/v2 (pagination, delimiter, url encoding), copy,
 * multipart with the AWS ETag form, flexible checksums (the SDK's default aws-chunked CRC32 trailer), and
 * the refusals in S3's shape.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  DeleteBucketCommand,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetBucketLocationCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListBucketsCommand,
  ListMultipartUploadsCommand,
  ListObjectsCommand,
  ListObjectsV2Command,
  ListPartsCommand,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { Agent as HttpAgent } from 'node:http';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { sdkConfig } from '../helpers/clients.js';
import { startServer, type TestServer } from '../helpers/server.js';

let server: TestServer;
let s3: S3Client;
before(async () => {
  server = await startServer();
  s3 = new S3Client({ ...sdkConfig(server), forcePathStyle: true });
});
after(async () => {
  s3?.destroy();
  await server?.stop();
});

async function refused(p: Promise<unknown>, code: string, status?: number) {
  try {
    await p;
  } catch (e) {
    const err = e as S3ServiceException;
    // A 304 has no body to name it: only its status tells.
    if (code !== '304') assert.equal(err.name, code, `expected ${code}, got ${err.name}: ${err.message}`);
    if (status !== undefined) assert.equal(err.$metadata.httpStatusCode, status);
    return err;
  }
  assert.fail(`expected ${code}, the call succeeded`);
}

const md5 = (b: Buffer | string) => createHash('md5').update(b).digest('hex');
const text = async (body: unknown) => Buffer.from(await (body as { transformToByteArray(): Promise<Uint8Array> }).transformToByteArray());

describe('buckets', () => {
  test('create, list, head, location, re-create (us-east-1: 200, else BucketAlreadyOwnedByYou), InvalidBucketName, delete (BucketNotEmpty)', async () => {
    await s3.send(new CreateBucketCommand({ Bucket: 'sdk-bucket-a' }));
    await s3.send(new CreateBucketCommand({ Bucket: 'sdk-bucket-eu', CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' } }));
    const list = await s3.send(new ListBucketsCommand({}));
    const names = list.Buckets!.map((b) => b.Name);
    assert.ok(names.includes('sdk-bucket-a') && names.includes('sdk-bucket-eu'));
    assert.match(list.Owner!.ID!, /^[0-9a-f]{64}$/);
    await s3.send(new HeadBucketCommand({ Bucket: 'sdk-bucket-a' }));
    assert.equal((await s3.send(new GetBucketLocationCommand({ Bucket: 'sdk-bucket-eu' }))).LocationConstraint, 'eu-west-1');
    assert.equal((await s3.send(new GetBucketLocationCommand({ Bucket: 'sdk-bucket-a' }))).LocationConstraint, undefined);
    // S3's legacy us-east-1 answer to re-creating one's own bucket is 200 OK; elsewhere 409.
    assert.equal((await s3.send(new CreateBucketCommand({ Bucket: 'sdk-bucket-a' }))).$metadata.httpStatusCode, 200);
    await refused(s3.send(new CreateBucketCommand({ Bucket: 'sdk-bucket-eu', CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' } })), 'BucketAlreadyOwnedByYou', 409);
    await refused(s3.send(new CreateBucketCommand({ Bucket: 'Bad_Name' })), 'InvalidBucketName', 400);
    await refused(s3.send(new HeadBucketCommand({ Bucket: 'no-such-bucket-x' })), 'NotFound', 404);
    await refused(s3.send(new ListObjectsV2Command({ Bucket: 'no-such-bucket-x' })), 'NoSuchBucket', 404);
    await s3.send(new PutObjectCommand({ Bucket: 'sdk-bucket-eu', Key: 'x', Body: 'x' }));
    await refused(s3.send(new DeleteBucketCommand({ Bucket: 'sdk-bucket-eu' })), 'BucketNotEmpty', 409);
    await s3.send(new DeleteObjectCommand({ Bucket: 'sdk-bucket-eu', Key: 'x' }));
    await s3.send(new DeleteBucketCommand({ Bucket: 'sdk-bucket-eu' }));
    await refused(s3.send(new HeadBucketCommand({ Bucket: 'sdk-bucket-eu' })), 'NotFound', 404);
  });
});

describe('objects', () => {
  const B = 'sdk-objects';
  before(async () => {
    await s3.send(new CreateBucketCommand({ Bucket: B }));
  });

  test('put and get with metadata, content headers, ETag = MD5, CRC32 checksum (aws-chunked trailer)', async () => {
    const body = Buffer.from('hello, tessera\n'.repeat(1000));
    const put = await s3.send(
      new PutObjectCommand({
        Bucket: B,
        Key: 'dir/hello world+ü.txt',
        Body: body,
        ContentType: 'text/plain',
        CacheControl: 'max-age=60',
        ContentDisposition: 'attachment',
        Metadata: { colour: 'blue', 'two-words': 'a b' },
      }),
    );
    assert.equal(put.ETag, `"${md5(body)}"`);
    assert.ok(put.ChecksumCRC32, 'the SDK asked for CRC32 and S3 answers it');
    const get = await s3.send(new GetObjectCommand({ Bucket: B, Key: 'dir/hello world+ü.txt', ChecksumMode: 'ENABLED' }));
    assert.deepEqual(await text(get.Body), body);
    assert.equal(get.ContentType, 'text/plain');
    assert.equal(get.CacheControl, 'max-age=60');
    assert.equal(get.ContentDisposition, 'attachment');
    assert.deepEqual(get.Metadata, { colour: 'blue', 'two-words': 'a b' });
    assert.equal(get.ChecksumCRC32, put.ChecksumCRC32);
    assert.equal(get.ContentLength, body.length);
    const head = await s3.send(new HeadObjectCommand({ Bucket: B, Key: 'dir/hello world+ü.txt' }));
    assert.equal(head.ETag, put.ETag);
    assert.equal(head.ContentLength, body.length);
  });

  test('every checksum algorithm is verified; a wrong one is BadDigest; a wrong Content-MD5 is BadDigest', async () => {
    for (const a of ['CRC32', 'CRC32C', 'CRC64NVME', 'SHA1', 'SHA256'] as const) {
      const r = await s3.send(new PutObjectCommand({ Bucket: B, Key: `sum-${a}`, Body: 'checksum me', ChecksumAlgorithm: a }));
      const field = `Checksum${a}` as const;
      assert.ok(r[field], a);
      const g = await s3.send(new GetObjectCommand({ Bucket: B, Key: `sum-${a}`, ChecksumMode: 'ENABLED' }));
      assert.equal((await text(g.Body)).toString(), 'checksum me');
      assert.equal(g[field], r[field]);
    }
    // Known CRC32C of "123456789" is 0xE3069283.
    const known = Buffer.from([0xe3, 0x06, 0x92, 0x83]).toString('base64');
    const ok = await s3.send(new PutObjectCommand({ Bucket: B, Key: 'crc32c-known', Body: '123456789', ChecksumCRC32C: known }));
    assert.equal(ok.ChecksumCRC32C, known);
    await refused(s3.send(new PutObjectCommand({ Bucket: B, Key: 'bad-crc', Body: '123456789', ChecksumCRC32C: 'AAAAAA==' })), 'BadDigest', 400);
    await refused(
      s3.send(new PutObjectCommand({ Bucket: B, Key: 'bad-md5', Body: 'abc', ContentMD5: Buffer.from(md5('abd'), 'hex').toString('base64') })),
      'BadDigest',
      400,
    );
    await refused(s3.send(new HeadObjectCommand({ Bucket: B, Key: 'bad-md5' })), 'NotFound', 404);
  });

  test('Range and conditional GETs', async () => {
    const body = Buffer.from('0123456789abcdefghij');
    const put = await s3.send(new PutObjectCommand({ Bucket: B, Key: 'range', Body: body }));
    const r1 = await s3.send(new GetObjectCommand({ Bucket: B, Key: 'range', Range: 'bytes=2-5' }));
    assert.equal((await text(r1.Body)).toString(), '2345');
    assert.equal(r1.ContentRange, 'bytes 2-5/20');
    assert.equal(r1.$metadata.httpStatusCode, 206);
    assert.equal((await text((await s3.send(new GetObjectCommand({ Bucket: B, Key: 'range', Range: 'bytes=-3' }))).Body)).toString(), 'hij');
    assert.equal((await text((await s3.send(new GetObjectCommand({ Bucket: B, Key: 'range', Range: 'bytes=15-' }))).Body)).toString(), 'fghij');
    await refused(s3.send(new GetObjectCommand({ Bucket: B, Key: 'range', Range: 'bytes=50-60' })), 'InvalidRange', 416);
    await s3.send(new GetObjectCommand({ Bucket: B, Key: 'range', IfMatch: put.ETag }));
    await refused(s3.send(new GetObjectCommand({ Bucket: B, Key: 'range', IfMatch: '"0000"' })), 'PreconditionFailed', 412);
    await refused(s3.send(new GetObjectCommand({ Bucket: B, Key: 'range', IfNoneMatch: put.ETag })), '304', 304);
    await refused(s3.send(new GetObjectCommand({ Bucket: B, Key: 'range', IfModifiedSince: new Date(Date.now() + 60_000) })), '304', 304);
    await s3.send(new GetObjectCommand({ Bucket: B, Key: 'range', IfModifiedSince: new Date(Date.now() - 3_600_000) }));
    await refused(s3.send(new GetObjectCommand({ Bucket: B, Key: 'range', IfUnmodifiedSince: new Date(Date.now() - 3_600_000) })), 'PreconditionFailed', 412);
    await s3.send(new GetObjectCommand({ Bucket: B, Key: 'range', IfUnmodifiedSince: new Date(Date.now() + 60_000) }));
  });

  test('conditional writes: If-None-Match "*" refuses to overwrite, without failing concurrent writes', async () => {
    await s3.send(new PutObjectCommand({ Bucket: B, Key: 'once', Body: 'first', IfNoneMatch: '*' }));
    const results = await Promise.allSettled([
      s3.send(new PutObjectCommand({ Bucket: B, Key: 'once', Body: 'second', IfNoneMatch: '*' })),
      ...Array.from({ length: 20 }, (_, i) => s3.send(new PutObjectCommand({ Bucket: B, Key: `concurrent/${i}`, Body: `c${i}` }))),
    ]);
    assert.equal(results[0]!.status, 'rejected');
    assert.equal(((results[0] as PromiseRejectedResult).reason as S3ServiceException).name, 'PreconditionFailed');
    assert.ok(results.slice(1).every((r) => r.status === 'fulfilled'));
    assert.equal((await text((await s3.send(new GetObjectCommand({ Bucket: B, Key: 'once' }))).Body)).toString(), 'first');
    for (let i = 0; i < 20; i++) assert.equal((await text((await s3.send(new GetObjectCommand({ Bucket: B, Key: `concurrent/${i}` }))).Body)).toString(), `c${i}`);
  });

  test('a GET in progress keeps reading the object it started with while it is overwritten and deleted', async () => {
    const v1 = Buffer.alloc(24 * 1024 * 1024, 'o');
    await s3.send(new PutObjectCommand({ Bucket: B, Key: 'moving', Body: v1 }));
    const get = await s3.send(new GetObjectCommand({ Bucket: B, Key: 'moving' }));
    await s3.send(new PutObjectCommand({ Bucket: B, Key: 'moving', Body: 'v2' }));
    await s3.send(new DeleteObjectCommand({ Bucket: B, Key: 'moving' }));
    const got = await text(get.Body);
    assert.equal(got.length, v1.length);
    assert.ok(got.equals(v1));
    await refused(s3.send(new GetObjectCommand({ Bucket: B, Key: 'moving' })), 'NoSuchKey', 404);
  });

  test('NoSuchKey, DeleteObject, DeleteObjects', async () => {
    await refused(s3.send(new GetObjectCommand({ Bucket: B, Key: 'nope' })), 'NoSuchKey', 404);
    for (const k of ['d1', 'd2', 'd3']) await s3.send(new PutObjectCommand({ Bucket: B, Key: k, Body: k }));
    await s3.send(new DeleteObjectCommand({ Bucket: B, Key: 'd1' }));
    await s3.send(new DeleteObjectCommand({ Bucket: B, Key: 'd1' })); // idempotent
    await s3.send(new PutObjectCommand({ Bucket: B, Key: ' spaced ', Body: 's' }));
    await s3.send(new PutObjectCommand({ Bucket: B, Key: 'spaced', Body: 'keep me' }));
    const r = await s3.send(new DeleteObjectsCommand({ Bucket: B, Delete: { Objects: [{ Key: 'd2' }, { Key: 'd3' }, { Key: 'never' }, { Key: ' spaced ' }] } }));
    assert.deepEqual(r.Deleted!.map((d) => d.Key).sort(), [' spaced ', 'd2', 'd3', 'never']);
    await refused(s3.send(new HeadObjectCommand({ Bucket: B, Key: 'd2' })), 'NotFound', 404);
    await refused(s3.send(new HeadObjectCommand({ Bucket: B, Key: ' spaced ' })), 'NotFound', 404);
    assert.equal((await text((await s3.send(new GetObjectCommand({ Bucket: B, Key: 'spaced' }))).Body)).toString(), 'keep me');
  });

  test('CopyObject: COPY keeps metadata, REPLACE takes the new one; copying onto itself needs REPLACE', async () => {
    await s3.send(new PutObjectCommand({ Bucket: B, Key: 'src', Body: 'copy me', Metadata: { a: '1' }, ContentType: 'text/x-src' }));
    const c = await s3.send(new CopyObjectCommand({ Bucket: B, Key: 'dst', CopySource: `${B}/src` }));
    assert.equal(c.CopyObjectResult!.ETag, `"${md5('copy me')}"`);
    const h = await s3.send(new HeadObjectCommand({ Bucket: B, Key: 'dst' }));
    assert.deepEqual(h.Metadata, { a: '1' });
    assert.equal(h.ContentType, 'text/x-src');
    await s3.send(new CopyObjectCommand({ Bucket: B, Key: 'dst2', CopySource: `${B}/src`, MetadataDirective: 'REPLACE', Metadata: { b: '2' }, ContentType: 'text/x-new' }));
    const h2 = await s3.send(new HeadObjectCommand({ Bucket: B, Key: 'dst2' }));
    assert.deepEqual(h2.Metadata, { b: '2' });
    assert.equal(h2.ContentType, 'text/x-new');
    await refused(s3.send(new CopyObjectCommand({ Bucket: B, Key: 'src', CopySource: `${B}/src` })), 'InvalidRequest', 400);
    await refused(s3.send(new CopyObjectCommand({ Bucket: B, Key: 'x', CopySource: `${B}/missing` })), 'NoSuchKey', 404);
  });
});

describe('listings', () => {
  const B = 'sdk-listing';
  const keys = ['a/1', 'a/2', 'a/b/3', 'b/4', 'c', 'd e/5', 'é/6', 'z+y', '😀/7'];
  before(async () => {
    await s3.send(new CreateBucketCommand({ Bucket: B }));
    for (const k of keys) await s3.send(new PutObjectCommand({ Bucket: B, Key: k, Body: k }));
  });

  test('ListObjectsV2: all keys in UTF-8 byte order, paginated by continuation token', async () => {
    const seen: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const r = await s3.send(new ListObjectsV2Command({ Bucket: B, MaxKeys: 2, ContinuationToken: token }));
      pages++;
      seen.push(...r.Contents!.map((c) => c.Key!));
      assert.equal(r.KeyCount, r.Contents!.length);
      token = r.NextContinuationToken;
      assert.equal(r.IsTruncated, token !== undefined);
    } while (token);
    const sorted = [...keys].sort((x, y) => Buffer.compare(Buffer.from(x), Buffer.from(y)));
    assert.deepEqual(seen, sorted);
    assert.equal(pages, 5);
  });

  test('ListObjectsV2: delimiter, prefix, start-after, fetch-owner', async () => {
    const r = await s3.send(new ListObjectsV2Command({ Bucket: B, Delimiter: '/' }));
    assert.deepEqual(r.Contents!.map((c) => c.Key), ['c', 'z+y']);
    assert.deepEqual(r.CommonPrefixes!.map((p) => p.Prefix), ['a/', 'b/', 'd e/', 'é/', '😀/']);
    const a = await s3.send(new ListObjectsV2Command({ Bucket: B, Prefix: 'a/', Delimiter: '/', FetchOwner: true }));
    assert.deepEqual(a.Contents!.map((c) => c.Key), ['a/1', 'a/2']);
    assert.deepEqual(a.CommonPrefixes!.map((p) => p.Prefix), ['a/b/']);
    assert.match(a.Contents![0]!.Owner!.ID!, /^[0-9a-f]{64}$/);
    const s = await s3.send(new ListObjectsV2Command({ Bucket: B, StartAfter: 'c' }));
    assert.deepEqual(s.Contents!.map((c) => c.Key), ['d e/5', 'z+y', 'é/6', '😀/7']);
    // Pages that end on a common prefix resume after it.
    const p1 = await s3.send(new ListObjectsV2Command({ Bucket: B, Delimiter: '/', MaxKeys: 1 }));
    assert.deepEqual(p1.CommonPrefixes!.map((p) => p.Prefix), ['a/']);
    const p2 = await s3.send(new ListObjectsV2Command({ Bucket: B, Delimiter: '/', MaxKeys: 1, ContinuationToken: p1.NextContinuationToken }));
    assert.deepEqual(p2.CommonPrefixes!.map((p) => p.Prefix), ['b/']);
  });

  test('ListObjects v1 with Marker and NextMarker', async () => {
    const r = await s3.send(new ListObjectsCommand({ Bucket: B, MaxKeys: 3 }));
    assert.deepEqual(r.Contents!.map((c) => c.Key), ['a/1', 'a/2', 'a/b/3']);
    assert.equal(r.IsTruncated, true);
    const r2 = await s3.send(new ListObjectsCommand({ Bucket: B, Marker: 'a/b/3', Delimiter: '/', MaxKeys: 2 }));
    assert.deepEqual(r2.CommonPrefixes!.map((p) => p.Prefix), ['b/']);
    assert.deepEqual(r2.Contents!.map((c) => c.Key), ['c']);
    assert.equal(r2.NextMarker, 'c');
  });
});

describe('multipart', () => {
  const B = 'sdk-multipart';
  before(async () => {
    await s3.send(new CreateBucketCommand({ Bucket: B }));
  });

  test('create, upload parts, list parts, complete: ETag is MD5 of part MD5s "-N", body intact', async () => {
    const part1 = Buffer.alloc(5 * 1024 * 1024, 'a');
    const part2 = Buffer.from('tail of the object');
    const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: B, Key: 'big', ContentType: 'application/x-big', Metadata: { m: 'v' } }));
    const ups = await s3.send(new ListMultipartUploadsCommand({ Bucket: B }));
    assert.deepEqual(ups.Uploads!.map((u) => u.UploadId), [UploadId]);
    const other = await s3.send(new CreateMultipartUploadCommand({ Bucket: B, Key: 'dir/x' }));
    const folded = await s3.send(new ListMultipartUploadsCommand({ Bucket: B, Delimiter: '/' }));
    assert.deepEqual(folded.Uploads!.map((u) => u.Key), ['big']);
    assert.deepEqual(folded.CommonPrefixes!.map((p) => p.Prefix), ['dir/']);
    assert.deepEqual((await s3.send(new ListMultipartUploadsCommand({ Bucket: B, Prefix: 'dir/' }))).Uploads!.map((u) => u.Key), ['dir/x']);
    await s3.send(new AbortMultipartUploadCommand({ Bucket: B, Key: 'dir/x', UploadId: other.UploadId }));
    const e1 = (await s3.send(new UploadPartCommand({ Bucket: B, Key: 'big', UploadId, PartNumber: 1, Body: part1 }))).ETag!;
    const e2 = (await s3.send(new UploadPartCommand({ Bucket: B, Key: 'big', UploadId, PartNumber: 2, Body: part2 }))).ETag!;
    const parts = await s3.send(new ListPartsCommand({ Bucket: B, Key: 'big', UploadId }));
    assert.deepEqual(parts.Parts!.map((p) => [p.PartNumber, p.ETag, p.Size]), [[1, e1, part1.length], [2, e2, part2.length]]);
    await refused(
      s3.send(new CompleteMultipartUploadCommand({ Bucket: B, Key: 'big', UploadId, MultipartUpload: { Parts: [{ PartNumber: 2, ETag: e2 }, { PartNumber: 1, ETag: e1 }] } })),
      'InvalidPartOrder',
      400,
    );
    await refused(
      s3.send(new CompleteMultipartUploadCommand({ Bucket: B, Key: 'big', UploadId, MultipartUpload: { Parts: [{ PartNumber: 1, ETag: '"00"' }] } })),
      'InvalidPart',
      400,
    );
    const done = await s3.send(
      new CompleteMultipartUploadCommand({ Bucket: B, Key: 'big', UploadId, MultipartUpload: { Parts: [{ PartNumber: 1, ETag: e1 }, { PartNumber: 2, ETag: e2 }] } }),
    );
    const expected = createHash('md5').update(Buffer.concat([Buffer.from(md5(part1), 'hex'), Buffer.from(md5(part2), 'hex')])).digest('hex') + '-2';
    assert.equal(done.ETag, `"${expected}"`);
    const get = await s3.send(new GetObjectCommand({ Bucket: B, Key: 'big' }));
    const got = await text(get.Body);
    assert.equal(got.length, part1.length + part2.length);
    assert.ok(got.equals(Buffer.concat([part1, part2])));
    assert.equal(get.ETag, `"${expected}"`);
    assert.equal(get.ContentType, 'application/x-big');
    assert.deepEqual(get.Metadata, { m: 'v' });
    const mid = await s3.send(new GetObjectCommand({ Bucket: B, Key: 'big', Range: `bytes=${part1.length - 2}-${part1.length + 3}` }));
    assert.equal((await text(mid.Body)).toString(), 'aatail');
    await refused(s3.send(new ListPartsCommand({ Bucket: B, Key: 'big', UploadId })), 'NoSuchUpload', 404);
  });

  test('EntityTooSmall for a small non-last part; abort removes the upload', async () => {
    const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: B, Key: 'small' }));
    const e1 = (await s3.send(new UploadPartCommand({ Bucket: B, Key: 'small', UploadId, PartNumber: 1, Body: 'x' }))).ETag!;
    const e2 = (await s3.send(new UploadPartCommand({ Bucket: B, Key: 'small', UploadId, PartNumber: 2, Body: 'y' }))).ETag!;
    await refused(
      s3.send(new CompleteMultipartUploadCommand({ Bucket: B, Key: 'small', UploadId, MultipartUpload: { Parts: [{ PartNumber: 1, ETag: e1 }, { PartNumber: 2, ETag: e2 }] } })),
      'EntityTooSmall',
      400,
    );
    await s3.send(new AbortMultipartUploadCommand({ Bucket: B, Key: 'small', UploadId }));
    await refused(s3.send(new AbortMultipartUploadCommand({ Bucket: B, Key: 'small', UploadId })), 'NoSuchUpload', 404);
    await refused(s3.send(new UploadPartCommand({ Bucket: B, Key: 'small', UploadId, PartNumber: 3, Body: 'z' })), 'NoSuchUpload', 404);
  });
});

describe('virtual-hosted style', () => {
  test('the SDK addressing bucket.localhost (SigV4 over the Host header) creates, writes, lists and reads', async () => {
    // *.localhost does not resolve here: the agent sends every name to 127.0.0.1, the Host header stays.
    const lookup = ((_h: string, o: unknown, cb: (e: null, a: string | Array<{ address: string; family: number }>, f?: number) => void) =>
      (o as { all?: boolean }).all ? cb(null, [{ address: '127.0.0.1', family: 4 }]) : cb(null, '127.0.0.1', 4)) as never;
    const vh = new S3Client({
      ...sdkConfig(server),
      endpoint: `http://localhost:${server.port}`,
      forcePathStyle: false,
      requestHandler: new NodeHttpHandler({ httpAgent: new HttpAgent({ keepAlive: true, lookup }) }),
    });
    await vh.send(new CreateBucketCommand({ Bucket: 'vhost-bucket' }));
    await vh.send(new PutObjectCommand({ Bucket: 'vhost-bucket', Key: 'a/b c.txt', Body: 'virtual' }));
    const l = await vh.send(new ListObjectsV2Command({ Bucket: 'vhost-bucket' }));
    assert.deepEqual(l.Contents!.map((c) => c.Key), ['a/b c.txt']);
    assert.equal((await text((await vh.send(new GetObjectCommand({ Bucket: 'vhost-bucket', Key: 'a/b c.txt' }))).Body)).toString(), 'virtual');
    // The same object path-style.
    assert.equal((await text((await s3.send(new GetObjectCommand({ Bucket: 'vhost-bucket', Key: 'a/b c.txt' }))).Body)).toString(), 'virtual');
    vh.destroy();
  });
});

describe('authentication refusals in S3 shape', () => {
  test('unknown key: InvalidAccessKeyId; wrong secret: SignatureDoesNotMatch; anonymous without a policy: AccessDenied', async () => {
    const bad = new S3Client({ ...sdkConfig(server, { accessKeyId: 'AKIANOSUCHKEY0000000', secretAccessKey: 'x' }), forcePathStyle: true });
    await refused(bad.send(new ListBucketsCommand({})), 'InvalidAccessKeyId', 403);
    const wrong = new S3Client({ ...sdkConfig(server, { ...server.root, secretAccessKey: 'wrong' }), forcePathStyle: true });
    await refused(wrong.send(new ListBucketsCommand({})), 'SignatureDoesNotMatch', 403);
    const res = await fetch(`${server.url}/sdk-objects/range`);
    assert.equal(res.status, 403);
    const xml = await res.text();
    assert.match(xml, /<Error><Code>AccessDenied<\/Code>/);
    assert.match(xml, /<RequestId>[^<]+<\/RequestId><HostId>/);
    bad.destroy();
    wrong.destroy();
  });
});
