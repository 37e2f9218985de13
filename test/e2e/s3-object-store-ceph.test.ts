/**
 * S3 with its object bytes on Ceph: Tessera started with --object-store s3://… (the backend keys in
 * TESSERA_OBJECT_STORE_ACCESS_KEY_ID / _SECRET_ACCESS_KEY only), driven by the AWS SDK for JS and boto3
 * through put, get, ranges, multipart, listings, versions, SSE-S3, SSE-C and deletes. Each step also looks
 * at Ceph directly (its own S3 API): the bytes are there, sealed (ciphertext, never the plaintext), and gone
 * once nothing references them; the data directory holds no object bytes. Without Ceph this file fails.
 */
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { Agent } from 'node:https';
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
  HeadObjectCommand,
  ListMultipartUploadsCommand,
  ListObjectsV2Command,
  ListObjectVersionsCommand,
  PutBucketVersioningCommand,
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { ceph, cephBucket, cephObjectStore, cephSdk, type Ceph } from '../helpers/ceph.js';
import { python, sdkConfig } from '../helpers/clients.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { S3_MAX_FREE_SOCKETS, S3_MAX_SOCKETS } from '../../src/store/blobs/s3/client.js';

let c: Ceph;
let backend: S3Client;
let bucket: string;
let server: TestServer;
let s3: S3Client;
let dataDir: string;
let caFile: string;

before(async () => {
  c = ceph();
  backend = cephSdk(c);
  bucket = cephBucket('e2e');
  dataDir = mkdtempSync(join(tmpdir(), 'tessera-ceph-e2e-'));
  // Over HTTPS (SSE-C is refused on plain HTTP), with a certificate made for the test.
  caFile = join(dataDir, 'cert.pem');
  const keyFile = join(dataDir, 'key.pem');
  const r = spawnSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', keyFile, '-out', caFile, '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const { args, env } = cephObjectStore(c, bucket);
  server = await startServer({ dataDir, args: [...args, '--tls-cert', caFile, '--tls-key', keyFile], env });
  s3 = new S3Client({ ...sdkConfig(server), forcePathStyle: true, requestHandler: new NodeHttpHandler({ httpsAgent: new Agent({ ca: readFileSync(caFile) }) }) });
});

after(async () => {
  s3?.destroy();
  await server?.stop();
  backend?.destroy();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

/** The blobs Tessera keeps in Ceph: key → bytes. */
async function backendBlobs(): Promise<Map<string, Buffer>> {
  const out = new Map<string, Buffer>();
  let token: string | undefined;
  do {
    const r = await backend.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: 'blobs/', ContinuationToken: token }));
    for (const o of r.Contents ?? []) out.set(o.Key!, Buffer.from(await (await backend.send(new GetObjectCommand({ Bucket: bucket, Key: o.Key! }))).Body!.transformToByteArray()));
    token = r.NextContinuationToken;
  } while (token);
  return out;
}

const body = async (r: { Body?: { transformToByteArray(): Promise<Uint8Array> } }) => Buffer.from(await r.Body!.transformToByteArray());
const md5 = (b: Buffer) => createHash('md5').update(b).digest('hex');

test('put, get, ranges, head, list and delete: the bytes live in Ceph, sealed; none on local disk', async () => {
  await s3.send(new CreateBucketCommand({ Bucket: 'ceph-objects' }));
  const small = Buffer.from('hello from tessera on ceph');
  const large = randomBytes(12 * 1024 * 1024 + 3);
  const before = await backendBlobs();
  const p1 = await s3.send(new PutObjectCommand({ Bucket: 'ceph-objects', Key: 'small.txt', Body: small }));
  assert.equal(p1.ETag, `"${md5(small)}"`);
  assert.equal(p1.ServerSideEncryption, 'AES256');
  await s3.send(new PutObjectCommand({ Bucket: 'ceph-objects', Key: 'dir/large.bin', Body: large }));
  assert.ok((await body(await s3.send(new GetObjectCommand({ Bucket: 'ceph-objects', Key: 'small.txt' })))).equals(small));
  assert.ok((await body(await s3.send(new GetObjectCommand({ Bucket: 'ceph-objects', Key: 'dir/large.bin' })))).equals(large));
  const r = await s3.send(new GetObjectCommand({ Bucket: 'ceph-objects', Key: 'dir/large.bin', Range: 'bytes=8388600-8388700' }));
  assert.equal(r.ContentRange, `bytes 8388600-8388700/${large.length}`);
  assert.ok((await body(r)).equals(large.subarray(8388600, 8388701)));
  const tail = await s3.send(new GetObjectCommand({ Bucket: 'ceph-objects', Key: 'small.txt', Range: 'bytes=-4' }));
  assert.equal((await body(tail)).toString(), 'ceph');
  assert.equal((await s3.send(new HeadObjectCommand({ Bucket: 'ceph-objects', Key: 'dir/large.bin' }))).ContentLength, large.length);
  const list = await s3.send(new ListObjectsV2Command({ Bucket: 'ceph-objects' }));
  assert.deepEqual(list.Contents!.map((o) => [o.Key, o.Size]), [['dir/large.bin', large.length], ['small.txt', small.length]]);

  const after1 = await backendBlobs();
  const added = [...after1.keys()].filter((k) => !before.has(k));
  assert.equal(added.length, 2, 'one backend object per stored object');
  for (const k of added) {
    const stored = after1.get(k)!;
    assert.equal(stored.subarray(0, 4).toString('latin1'), 'TSB1', 'sealed before it left Tessera');
    assert.equal(stored.indexOf(small), -1);
    assert.equal(stored.indexOf(large.subarray(0, 64)), -1);
  }
  assert.ok(!existsSync(join(dataDir, 'blobs')) || readdirSync(join(dataDir, 'blobs')).length === 0, 'no object bytes on local disk');

  await s3.send(new DeleteObjectCommand({ Bucket: 'ceph-objects', Key: 'dir/large.bin' }));
  await s3.send(new DeleteObjectCommand({ Bucket: 'ceph-objects', Key: 'small.txt' }));
  const after2 = await backendBlobs();
  assert.ok(added.every((k) => !after2.has(k)), 'deleted objects leave Ceph');
  await assert.rejects(s3.send(new GetObjectCommand({ Bucket: 'ceph-objects', Key: 'small.txt' })), { name: 'NoSuchKey' });
});

test('multipart: parts of 5 MiB and more become Ceph objects; the completed object reads back whole and by part', async () => {
  await s3.send(new CreateBucketCommand({ Bucket: 'ceph-multipart' }));
  const parts = [randomBytes(5 * 1024 * 1024), randomBytes(9 * 1024 * 1024 + 1), Buffer.from('last part')];
  const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: 'ceph-multipart', Key: 'mp' }));
  const etags: string[] = [];
  for (const [i, p] of parts.entries()) etags.push((await s3.send(new UploadPartCommand({ Bucket: 'ceph-multipart', Key: 'mp', UploadId, PartNumber: i + 1, Body: p }))).ETag!);
  const done = await s3.send(new CompleteMultipartUploadCommand({ Bucket: 'ceph-multipart', Key: 'mp', UploadId, MultipartUpload: { Parts: etags.map((ETag, i) => ({ ETag, PartNumber: i + 1 })) } }));
  assert.match(done.ETag!, /-3"$/);
  const whole = Buffer.concat(parts);
  assert.ok((await body(await s3.send(new GetObjectCommand({ Bucket: 'ceph-multipart', Key: 'mp' })))).equals(whole));
  const p2 = await s3.send(new GetObjectCommand({ Bucket: 'ceph-multipart', Key: 'mp', PartNumber: 2 }));
  assert.equal(p2.PartsCount, 3);
  assert.ok((await body(p2)).equals(parts[1]!));
  // A range across the first part boundary reads two backend objects.
  const r = await s3.send(new GetObjectCommand({ Bucket: 'ceph-multipart', Key: 'mp', Range: `bytes=${5 * 1024 * 1024 - 10}-${5 * 1024 * 1024 + 9}` }));
  assert.ok((await body(r)).equals(whole.subarray(5 * 1024 * 1024 - 10, 5 * 1024 * 1024 + 10)));
});

test('versions and SSE-C: every version keeps its own bytes in Ceph; the customer key is needed to read', async () => {
  await s3.send(new CreateBucketCommand({ Bucket: 'ceph-versions' }));
  await s3.send(new PutBucketVersioningCommand({ Bucket: 'ceph-versions', VersioningConfiguration: { Status: 'Enabled' } }));
  const v1 = await s3.send(new PutObjectCommand({ Bucket: 'ceph-versions', Key: 'k', Body: 'version one' }));
  const v2 = await s3.send(new PutObjectCommand({ Bucket: 'ceph-versions', Key: 'k', Body: 'version two' }));
  assert.notEqual(v1.VersionId, v2.VersionId);
  assert.equal((await body(await s3.send(new GetObjectCommand({ Bucket: 'ceph-versions', Key: 'k' })))).toString(), 'version two');
  assert.equal((await body(await s3.send(new GetObjectCommand({ Bucket: 'ceph-versions', Key: 'k', VersionId: v1.VersionId })))).toString(), 'version one');
  const del = await s3.send(new DeleteObjectCommand({ Bucket: 'ceph-versions', Key: 'k' }));
  assert.equal(del.DeleteMarker, true);
  const versions = await s3.send(new ListObjectVersionsCommand({ Bucket: 'ceph-versions' }));
  assert.deepEqual(versions.Versions!.map((v) => v.VersionId).sort(), [v1.VersionId, v2.VersionId].sort());
  assert.equal((await body(await s3.send(new GetObjectCommand({ Bucket: 'ceph-versions', Key: 'k', VersionId: v2.VersionId })))).toString(), 'version two');

  const key = randomBytes(32);
  const sse = { SSECustomerAlgorithm: 'AES256', SSECustomerKey: key.toString('base64'), SSECustomerKeyMD5: createHash('md5').update(key).digest('base64') };
  await s3.send(new PutObjectCommand({ Bucket: 'ceph-versions', Key: 'customer', Body: 'customer secret', ...sse }));
  assert.equal((await body(await s3.send(new GetObjectCommand({ Bucket: 'ceph-versions', Key: 'customer', ...sse })))).toString(), 'customer secret');
  await assert.rejects(s3.send(new GetObjectCommand({ Bucket: 'ceph-versions', Key: 'customer' })), (e: { $metadata: { httpStatusCode: number } }) => e.$metadata.httpStatusCode === 400);
  for (const b of (await backendBlobs()).values()) assert.equal(b.indexOf(Buffer.from('customer secret')), -1);
});

test('boto3: a managed multipart upload (8 MiB parts) and ranged reads through Tessera on Ceph', async () => {
  const script = `
import boto3, io, json, os, hashlib
from boto3.s3.transfer import TransferConfig
s3 = boto3.client('s3', endpoint_url=os.environ['ENDPOINT'], config=boto3.session.Config(s3={'addressing_style': 'path'}))
s3.create_bucket(Bucket='ceph-boto3')
data = os.urandom(20 * 1024 * 1024 + 5)
s3.upload_fileobj(io.BytesIO(data), 'ceph-boto3', 'big', Config=TransferConfig(multipart_threshold=8*1024*1024, multipart_chunksize=8*1024*1024))
head = s3.head_object(Bucket='ceph-boto3', Key='big')
got = s3.get_object(Bucket='ceph-boto3', Key='big')['Body'].read()
rng = s3.get_object(Bucket='ceph-boto3', Key='big', Range='bytes=16777200-16777300')
print(json.dumps({'etag': head['ETag'], 'length': head['ContentLength'], 'same': got == data,
  'range': rng['Body'].read() == data[16777200:16777301], 'contentRange': rng['ContentRange']}))
`;
  const r = python(server, script, server.root, { AWS_CA_BUNDLE: caFile });
  assert.equal(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout) as { etag: string; length: number; same: boolean; range: boolean; contentRange: string };
  assert.match(out.etag, /-3"$/);
  assert.equal(out.length, 20 * 1024 * 1024 + 5);
  assert.equal(out.same, true);
  assert.equal(out.range, true);
  assert.equal(out.contentRange, `bytes 16777200-16777300/${20 * 1024 * 1024 + 5}`);
});

test('a bad backend key refuses to start the server, and the key never shows in its output', async () => {
  const { args } = cephObjectStore(c, cephBucket('badkey'));
  const secret = 'wrong-secret-' + randomBytes(8).toString('hex');
  await assert.rejects(
    startServer({ args, env: { TESSERA_OBJECT_STORE_ACCESS_KEY_ID: c.accessKeyId, TESSERA_OBJECT_STORE_SECRET_ACCESS_KEY: secret } }),
    (e: Error) => /SignatureDoesNotMatch|InvalidAccessKeyId|403/.test(e.message) && !e.message.includes(secret),
  );
});

/** Tessera's established connections to Ceph (ss: the server process's own sockets to the backend port). */
function backendConnections(pid: number): number {
  const r = spawnSync('ss', ['-tnpH', 'state', 'established', `( dport = :${c.port} )`], { encoding: 'utf8' });
  assert.equal(r.status, 0, `ss (iproute2) is needed to count the server's backend connections: ${r.stderr}`);
  return r.stdout.split('\n').filter((l) => l.includes(`pid=${pid},`)).length;
}

/**
 * A plain-HTTP Tessera of its own on a Ceph bucket of its own, storing objects unencrypted (they stream
 * straight from backend responses; sealed ones are read in whole segments), with an SDK client; `run` gets
 * both and the bucket, and the server is stopped afterwards.
 */
async function withPlainServer(what: string, run: (plain: TestServer, client: S3Client, backendBucket: string) => Promise<void>) {
  const backendBucket = cephBucket(what);
  const { args, env } = cephObjectStore(c, backendBucket);
  const plain = await startServer({ args, env: { ...env, TESSERA_S3_DEFAULT_ENCRYPTION: 'none' } });
  const client = new S3Client({ ...sdkConfig(plain), forcePathStyle: true });
  try {
    await run(plain, client, backendBucket);
  } finally {
    client.destroy();
    await plain.stop();
  }
}

test('downloads abandoned mid-way release their backend connections: later GETs are served and the pool returns to its idle bound', async () => {
  await withPlainServer('abort', async (plain, client) => {
    await client.send(new CreateBucketCommand({ Bucket: 'aborts' }));
    // 'mp' is two blobs (two parts), 'one' a single blob longer than a backend part.
    const parts = [randomBytes(5 * 1024 * 1024), randomBytes(3 * 1024 * 1024)];
    const { UploadId } = await client.send(new CreateMultipartUploadCommand({ Bucket: 'aborts', Key: 'mp' }));
    const etags: string[] = [];
    for (const [i, p] of parts.entries()) etags.push((await client.send(new UploadPartCommand({ Bucket: 'aborts', Key: 'mp', UploadId, PartNumber: i + 1, Body: p }))).ETag!);
    await client.send(new CompleteMultipartUploadCommand({ Bucket: 'aborts', Key: 'mp', UploadId, MultipartUpload: { Parts: etags.map((ETag, i) => ({ ETag, PartNumber: i + 1 })) } }));
    const one = randomBytes(9 * 1024 * 1024);
    await client.send(new PutObjectCommand({ Bucket: 'aborts', Key: 'one', Body: one }));
    const mp = Buffer.concat(parts);

    // More abandoned downloads than the backend pool has connections (S3_MAX_SOCKETS): whole objects and
    // ranges across the part boundary, each read for one chunk and then dropped by the client.
    const N = 2 * S3_MAX_SOCKETS;
    for (let i = 0; i < N; i += 8) {
      await Promise.all(
        Array.from({ length: 8 }, async (_, j) => {
          const k = i + j;
          const r = await client.send(new GetObjectCommand({ Bucket: 'aborts', Key: k % 3 === 2 ? 'one' : 'mp', Range: k % 3 === 1 ? `bytes=1000-${6 * 1024 * 1024}` : undefined }));
          const stream = r.Body as NodeJS.ReadableStream & { destroy(): void };
          await new Promise<void>((resolve, reject) => {
            stream.once('data', () => resolve());
            stream.once('error', reject);
          });
          stream.destroy();
        }),
      );
    }
    // Every later GET is answered in full.
    for (let i = 0; i < 12; i += 4) {
      await Promise.all(
        Array.from({ length: 4 }, async (_, j) => {
          const key = (i + j) % 2 ? 'one' : 'mp';
          const got = await body(await client.send(new GetObjectCommand({ Bucket: 'aborts', Key: key })));
          assert.equal(md5(got), md5(key === 'one' ? one : mp));
        }),
      );
    }
    // The abandoned backend responses were destroyed: what stays open is at most the idle pool.
    let open = backendConnections(plain.child.pid!);
    for (let i = 0; i < 300 && open > S3_MAX_FREE_SOCKETS; i++) {
      await new Promise((r) => setTimeout(r, 100));
      open = backendConnections(plain.child.pid!);
    }
    assert.ok(open <= S3_MAX_FREE_SOCKETS, `${open} connections to the backend stay open after ${N} abandoned downloads (idle bound ${S3_MAX_FREE_SOCKETS})`);
    assert.ok(open >= 1, 'the server keeps idle backend connections alive (the count is of the right process)');
  });
});

test('a PUT the client abandons past a backend part leaves no object, no blob and no backend multipart upload in Ceph', async () => {
  await withPlainServer('putabort', async (_plain, client, b3) => {
    await client.send(new CreateBucketCommand({ Bucket: 'put-aborts' }));
    for (let i = 0; i < 3; i++) {
      // 20 MiB announced; after 17 MiB (two backend parts' worth) the client aborts the request.
      const abort = new AbortController();
      let sent = 0;
      const bodyStream = new Readable({
        read() {
          if (sent >= 17 * 1024 * 1024) return void abort.abort();
          sent += 1024 * 1024;
          this.push(randomBytes(1024 * 1024));
        },
      });
      await assert.rejects(client.send(new PutObjectCommand({ Bucket: 'put-aborts', Key: `gone-${i}`, Body: bodyStream, ContentLength: 20 * 1024 * 1024 }), { abortSignal: abort.signal }));
      bodyStream.destroy();
    }
    // The server notices each abandoned body and aborts its backend upload (waited for, not timed).
    let uploads = (await backend.send(new ListMultipartUploadsCommand({ Bucket: b3 }))).Uploads ?? [];
    for (let i = 0; i < 300 && uploads.length > 0; i++) {
      await new Promise((r) => setTimeout(r, 100));
      uploads = (await backend.send(new ListMultipartUploadsCommand({ Bucket: b3 }))).Uploads ?? [];
    }
    assert.deepEqual(uploads.map((u) => u.Key), [], 'no backend multipart upload is left');
    assert.equal((await backend.send(new ListObjectsV2Command({ Bucket: b3, Prefix: 'blobs/' }))).KeyCount ?? 0, 0, 'no blob is left in Ceph');
    assert.equal((await client.send(new ListObjectsV2Command({ Bucket: 'put-aborts' }))).KeyCount, 0, 'no object is visible');
    await assert.rejects(client.send(new HeadObjectCommand({ Bucket: 'put-aborts', Key: 'gone-0' })), { name: 'NotFound' });
  });
});

test('an unsealed PUT streams to Ceph as one object checked by its MD5: the ETag is the MD5 in Tessera and in Ceph; a wrong Content-MD5 (known only at the body end) leaves no blob', async () => {
  await withPlainServer('md5', async (_plain, client, b3) => {
    await client.send(new CreateBucketCommand({ Bucket: 'md5-checked' }));
    const bytes = randomBytes(12 * 1024 * 1024 + 5);
    const put = await client.send(new PutObjectCommand({ Bucket: 'md5-checked', Key: 'whole', Body: bytes }));
    assert.equal(put.ETag, `"${md5(bytes)}"`);
    assert.ok((await body(await client.send(new GetObjectCommand({ Bucket: 'md5-checked', Key: 'whole' })))).equals(bytes));
    const listed = (await backend.send(new ListObjectsV2Command({ Bucket: b3, Prefix: 'blobs/' }))).Contents ?? [];
    assert.equal(listed.length, 1, 'one blob in Ceph');
    assert.equal(listed[0]!.ETag, `"${md5(bytes)}"`, 'Ceph stored it as one object (no multipart ETag) with the same MD5');

    // A stream of unknown end: the SDK sends it aws-chunked with its decoded length and a checksum trailer.
    const streamed = await client.send(new PutObjectCommand({ Bucket: 'md5-checked', Key: 'streamed', Body: Readable.from([bytes.subarray(0, 5_000_000), bytes.subarray(5_000_000)]), ContentLength: bytes.length }));
    assert.equal(streamed.ETag, `"${md5(bytes)}"`);
    assert.ok((await body(await client.send(new GetObjectCommand({ Bucket: 'md5-checked', Key: 'streamed' })))).equals(bytes));
    await client.send(new DeleteObjectCommand({ Bucket: 'md5-checked', Key: 'streamed' }));

    const wrong = createHash('md5').update('not the body').digest('base64');
    await assert.rejects(client.send(new PutObjectCommand({ Bucket: 'md5-checked', Key: 'refused', Body: bytes, ContentMD5: wrong })), { name: 'BadDigest' });
    await assert.rejects(client.send(new HeadObjectCommand({ Bucket: 'md5-checked', Key: 'refused' })), { name: 'NotFound' });
    assert.equal((await backend.send(new ListObjectsV2Command({ Bucket: b3, Prefix: 'blobs/' }))).KeyCount, 1, 'the refused body left no blob in Ceph');
  });
});
