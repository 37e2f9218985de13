/**
 * SSE-S3 end to end, through the JS SDK, boto3 and the aws CLI against a server with a data directory on
 * disk: object bytes are sealed at rest (the raw blob files hold no plaintext), answered in clear with
 * `x-amz-server-side-encryption: AES256` on PUT, GET, HEAD, CopyObject, multipart; ranged GETs; a tampered
 * blob is refused, never served; bucket default encryption (SSE-S3 on every bucket, as AWS);
 * aws:kms refused; the policy pair "deny PutObject without x-amz-server-side-encryption".
 */
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  CopyObjectCommand,
  CreateBucketCommand,
  DeleteBucketEncryptionCommand,
  DeleteBucketPolicyCommand,
  GetBucketEncryptionCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutBucketEncryptionCommand,
  PutBucketPolicyCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { awsCli, python, sdkConfig } from '../helpers/clients.js';
import { rejects } from '../helpers/aws-errors.js';
import { allFiles } from '../helpers/dataDir.js';
import { startServer, type TestServer } from '../helpers/server.js';

let server: TestServer;
let s3: S3Client;
let dataDir: string;
let work: string;
const B = 'sse-e2e';
const MARKER = 'TESSERA-PLAINTEXT-MARKER-';
const md5 = (b: Buffer | string) => createHash('md5').update(b).digest('hex');

before(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'tessera-sse-'));
  work = mkdtempSync(join(tmpdir(), 'tessera-sse-work-'));
  server = await startServer({ dataDir });
  s3 = new S3Client({ ...sdkConfig(server), forcePathStyle: true });
  await s3.send(new CreateBucketCommand({ Bucket: B }));
});
after(async () => {
  s3?.destroy();
  await server?.stop();
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(work, { recursive: true, force: true });
});

/** Every blob file of the data directory. */
function blobFiles(): string[] {
  const root = join(dataDir, 'blobs');
  return readdirSync(root)
    .filter((d) => /^[0-9a-f]{2}$/.test(d))
    .flatMap((d) => readdirSync(join(root, d)).map((f) => join(root, d, f)));
}

/** Runs `put`, returns the blob files it created. */
async function newBlobs(put: () => Promise<unknown>): Promise<string[]> {
  const before = new Set(blobFiles());
  await put();
  return blobFiles().filter((f) => !before.has(f));
}



const body = async (key: string, range?: string) => {
  const r = await s3.send(new GetObjectCommand({ Bucket: B, Key: key, ...(range ? { Range: range } : {}) }));
  return { r, bytes: Buffer.from(await r.Body!.transformToByteArray()) };
};

describe('SSE-S3 objects (JS SDK)', () => {
  // Two 1 MiB segments (the second shorter): ranges and tampering cross a segment boundary.
  const big = Buffer.concat(Array.from({ length: 40_000 }, (_, i) => Buffer.from(`${MARKER}${String(i).padStart(6, '0')}\n`)));
  const MiB = 1024 * 1024;

  test('PUT with AES256 answers it, the ETag is the plaintext MD5; GET, HEAD and ranged GETs return the plaintext', async () => {
    const put = await s3.send(new PutObjectCommand({ Bucket: B, Key: 'big', Body: big, ServerSideEncryption: 'AES256' }));
    assert.equal(put.ServerSideEncryption, 'AES256');
    assert.equal(put.ETag, `"${md5(big)}"`);
    const head = await s3.send(new HeadObjectCommand({ Bucket: B, Key: 'big' }));
    assert.deepEqual([head.ServerSideEncryption, head.ContentLength, head.ETag], ['AES256', big.length, `"${md5(big)}"`]);
    const whole = await body('big');
    assert.equal(whole.r.ServerSideEncryption, 'AES256');
    assert.ok(whole.bytes.equals(big));
    for (const [a, b] of [[0, 0], [65_530, 65_545], [MiB - 6, MiB + 9], [MiB, MiB + 65_536], [big.length - 10, big.length - 1], [1000, 1_100_000]] as const) {
      const part = await body('big', `bytes=${a}-${b}`);
      assert.equal(part.r.$metadata.httpStatusCode, 206);
      assert.equal(part.r.ContentRange, `bytes ${a}-${b}/${big.length}`);
      assert.ok(part.bytes.equals(big.subarray(a, b + 1)), `${a}-${b}`);
    }
    const suffix = await body('big', 'bytes=-100');
    assert.ok(suffix.bytes.equals(big.subarray(big.length - 100)));
  });

  test('at rest: no file of the data directory holds the plaintext; each blob is larger by its header and tags', async () => {
    const small = Buffer.from(`${MARKER}small object`);
    const created = await newBlobs(() => s3.send(new PutObjectCommand({ Bucket: B, Key: 'small', Body: small })));
    assert.equal(created.length, 1);
    assert.ok(statSync(created[0]!).size > small.length + 16);
    for (const f of allFiles(dataDir)) assert.equal(readFileSync(f).indexOf(MARKER), -1, `plaintext found in ${f}`);
    assert.ok((await body('small')).bytes.equals(small));
  });

  test('a tampered blob is refused: a small object with 500 InternalError, a large one never past the altered segment', async () => {
    const small = Buffer.from(`${MARKER}to be tampered`);
    const [sf] = await newBlobs(() => s3.send(new PutObjectCommand({ Bucket: B, Key: 'tamper-small', Body: small })));
    const sb = readFileSync(sf!);
    sb[sb.length - 20] ^= 0x01;
    writeFileSync(sf!, sb);
    await rejects(s3.send(new GetObjectCommand({ Bucket: B, Key: 'tamper-small' })), 'InternalError', 500);

    const [lf] = await newBlobs(() => s3.send(new PutObjectCommand({ Bucket: B, Key: 'tamper-big', Body: big })));
    const lb = readFileSync(lf!);
    lb[lb.length - 1000] ^= 0x01; // in the last segment
    writeFileSync(lf!, lb);
    const first = await body('tamper-big', `bytes=0-${MiB - 1}`);
    assert.ok(first.bytes.equals(big.subarray(0, MiB)), 'untouched segments still read');
    await assert.rejects(body('tamper-big', `bytes=${MiB}-${MiB + 10}`), 'a range in the altered segment');
    let got: Buffer | undefined;
    await assert.rejects(async () => {
      got = (await body('tamper-big')).bytes;
    });
    assert.equal(got, undefined, 'no body was accepted');
  });

  test('a GET of many runs (opened beside the event loop) returns the plaintext; two at once each get their own; an altered middle run cuts the body off', async () => {
    // 9 MiB and a bit: five runs of two segments, the last one short.
    const huge = Buffer.concat([randomBytes(9 * MiB), Buffer.from(`${MARKER}tail`)]);
    const other = Buffer.concat([randomBytes(6 * MiB), Buffer.from(`${MARKER}other`)]);
    await s3.send(new PutObjectCommand({ Bucket: B, Key: 'huge', Body: huge }));
    const [hf] = await newBlobs(() => s3.send(new PutObjectCommand({ Bucket: B, Key: 'huge-tampered', Body: huge })));
    await s3.send(new PutObjectCommand({ Bucket: B, Key: 'other', Body: other }));
    const [a, b] = await Promise.all([body('huge'), body('other')]);
    assert.equal(a.r.ServerSideEncryption, 'AES256');
    assert.equal(md5(a.bytes), md5(huge));
    assert.equal(md5(b.bytes), md5(other));
    // Ranges that start and end inside runs, across run boundaries (every 2 MiB).
    for (const [from, to] of [[2 * MiB - 3, 2 * MiB + 2], [MiB + 17, 7 * MiB + 5], [3 * MiB, huge.length - 1]] as const) {
      const part = await body('huge', `bytes=${from}-${to}`);
      assert.equal(part.r.ContentRange, `bytes ${from}-${to}/${huge.length}`);
      assert.ok(part.bytes.equals(huge.subarray(from, to + 1)), `${from}-${to}`);
    }
    // Segment 4 (the third run's first) altered: the runs before it still read, the whole object does not.
    const file = readFileSync(hf!);
    const header = file.length - (huge.length + 10 * 16);
    file[header + 4 * (MiB + 16) + 100] ^= 0x01;
    writeFileSync(hf!, file);
    assert.ok((await body('huge-tampered', `bytes=0-${4 * MiB - 1}`)).bytes.equals(huge.subarray(0, 4 * MiB)), 'the runs before it');
    assert.ok((await body('huge-tampered', `bytes=${6 * MiB}-${7 * MiB}`)).bytes.equals(huge.subarray(6 * MiB, 7 * MiB + 1)), 'the runs after it');
    let got: Buffer | undefined;
    await assert.rejects(async () => {
      got = (await body('huge-tampered')).bytes;
    });
    assert.equal(got, undefined, 'no body was accepted');
    await assert.rejects(body('huge-tampered', `bytes=${4 * MiB}-${4 * MiB + 10}`), 'a range in the altered segment');
  });

  test('CopyObject re-encrypts for the target and answers AES256; copying onto itself with AES256 is allowed', async () => {
    const c = await s3.send(new CopyObjectCommand({ Bucket: B, Key: 'big-copy', CopySource: `${B}/big` }));
    assert.equal(c.ServerSideEncryption, 'AES256');
    assert.equal(c.CopyObjectResult?.ETag, `"${md5(big)}"`);
    assert.ok((await body('big-copy')).bytes.equals(big));
    const self = await s3.send(new CopyObjectCommand({ Bucket: B, Key: 'big-copy', CopySource: `${B}/big-copy`, ServerSideEncryption: 'AES256' }));
    assert.equal(self.ServerSideEncryption, 'AES256');
    assert.ok((await body('big-copy', 'bytes=70000-70099')).bytes.equals(big.subarray(70_000, 70_100)));
  });
});

describe('bucket default encryption', () => {
  test('every bucket has SSE-S3 by default; a PUT without SSE headers is encrypted and says so', async () => {
    await s3.send(new CreateBucketCommand({ Bucket: 'sse-default' }));
    const g = await s3.send(new GetBucketEncryptionCommand({ Bucket: 'sse-default' }));
    assert.deepEqual(g.ServerSideEncryptionConfiguration?.Rules, [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' }, BucketKeyEnabled: false }]);
    const created = await newBlobs(() => s3.send(new PutObjectCommand({ Bucket: 'sse-default', Key: 'k', Body: `${MARKER}default` })));
    assert.equal(readFileSync(created[0]!).indexOf(MARKER), -1);
    assert.equal((await s3.send(new HeadObjectCommand({ Bucket: 'sse-default', Key: 'k' }))).ServerSideEncryption, 'AES256');
  });

  test('Put echoes BucketKeyEnabled; Delete returns to the default; bad configurations are refused and change nothing', async () => {
    await s3.send(new PutBucketEncryptionCommand({
      Bucket: 'sse-default',
      ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' }, BucketKeyEnabled: true }] },
    }));
    const rules = async () => (await s3.send(new GetBucketEncryptionCommand({ Bucket: 'sse-default' }))).ServerSideEncryptionConfiguration?.Rules;
    assert.equal((await rules())?.[0]?.BucketKeyEnabled, true);
    await rejects(
      s3.send(new PutBucketEncryptionCommand({ Bucket: 'sse-default', ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms' } }] } })),
      'NotImplemented',
      501,
    );
    await rejects(
      s3.send(new PutBucketEncryptionCommand({ Bucket: 'sse-default', ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256', KMSMasterKeyID: 'k' } }] } })),
      'InvalidArgument',
      400,
    );
    await rejects(s3.send(new PutBucketEncryptionCommand({ Bucket: 'sse-default', ServerSideEncryptionConfiguration: { Rules: [] } })), 'MalformedXML', 400);
    assert.equal((await rules())?.[0]?.BucketKeyEnabled, true, 'unchanged by the refusals');
    await s3.send(new DeleteBucketEncryptionCommand({ Bucket: 'sse-default' }));
    assert.deepEqual(await rules(), [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' }, BucketKeyEnabled: false }]);
    await rejects(s3.send(new GetBucketEncryptionCommand({ Bucket: 'sse-no-such-bucket' })), 'NoSuchBucket', 404);
  });

  test('the policy pair: a bucket policy denying PutObject without x-amz-server-side-encryption', async () => {
    const policy = {
      Version: '2012-10-17',
      Statement: [
        { Sid: 'DenyUnencrypted', Effect: 'Deny', Principal: '*', Action: 's3:PutObject', Resource: `arn:aws:s3:::${B}/*`, Condition: { Null: { 's3:x-amz-server-side-encryption': 'true' } } },
        { Sid: 'DenyNotAes', Effect: 'Deny', Principal: '*', Action: 's3:PutObject', Resource: `arn:aws:s3:::${B}/*`, Condition: { StringNotEqualsIfExists: { 's3:x-amz-server-side-encryption': 'AES256' } } },
      ],
    };
    await s3.send(new PutBucketPolicyCommand({ Bucket: B, Policy: JSON.stringify(policy) }));
    try {
      const ok = await s3.send(new PutObjectCommand({ Bucket: B, Key: 'policy/with', Body: 'x', ServerSideEncryption: 'AES256' }));
      assert.equal(ok.ServerSideEncryption, 'AES256');
      await rejects(s3.send(new PutObjectCommand({ Bucket: B, Key: 'policy/without', Body: 'x' })), 'AccessDenied', 403);
      await rejects(s3.send(new CopyObjectCommand({ Bucket: B, Key: 'policy/copy', CopySource: `${B}/policy/with` })), 'AccessDenied', 403);
      const copy = await s3.send(new CopyObjectCommand({ Bucket: B, Key: 'policy/copy', CopySource: `${B}/policy/with`, ServerSideEncryption: 'AES256' }));
      assert.equal(copy.ServerSideEncryption, 'AES256');
      await rejects(s3.send(new HeadObjectCommand({ Bucket: B, Key: 'policy/without' })), 'NotFound', 404);
    } finally {
      await s3.send(new DeleteBucketPolicyCommand({ Bucket: B }));
    }
  });
});

describe('boto3 and the aws CLI', () => {
  test('boto3: multipart with AES256 (parts sealed), UploadPartCopy from an encrypted source, ranged GET across parts', () => {
    const r = python(server, `
import boto3, hashlib, json, os
s3 = boto3.client('s3', endpoint_url=os.environ['ENDPOINT'])
B = '${B}'
p1 = (b'${MARKER}part-one ' * 400000)[:5 * 1024 * 1024]
p2 = b'${MARKER}part-two ' * 5000
up = s3.create_multipart_upload(Bucket=B, Key='mp', ServerSideEncryption='AES256')
e1 = s3.upload_part(Bucket=B, Key='mp', UploadId=up['UploadId'], PartNumber=1, Body=p1)
e2 = s3.upload_part(Bucket=B, Key='mp', UploadId=up['UploadId'], PartNumber=2, Body=p2)
done = s3.complete_multipart_upload(Bucket=B, Key='mp', UploadId=up['UploadId'], MultipartUpload={'Parts': [{'PartNumber': 1, 'ETag': e1['ETag']}, {'PartNumber': 2, 'ETag': e2['ETag']}]})
whole = s3.get_object(Bucket=B, Key='mp')
data = whole['Body'].read()
rng = s3.get_object(Bucket=B, Key='mp', Range='bytes=%d-%d' % (len(p1) - 50, len(p1) + 49))['Body'].read()
up2 = s3.create_multipart_upload(Bucket=B, Key='mp-copy')
c1 = s3.upload_part_copy(Bucket=B, Key='mp-copy', UploadId=up2['UploadId'], PartNumber=1, CopySource={'Bucket': B, 'Key': 'mp'}, CopySourceRange='bytes=0-%d' % (len(p1) - 1))
c2 = s3.upload_part_copy(Bucket=B, Key='mp-copy', UploadId=up2['UploadId'], PartNumber=2, CopySource={'Bucket': B, 'Key': 'mp'}, CopySourceRange='bytes=%d-%d' % (len(p1), len(p1) + len(p2) - 1))
s3.complete_multipart_upload(Bucket=B, Key='mp-copy', UploadId=up2['UploadId'], MultipartUpload={'Parts': [{'PartNumber': 1, 'ETag': c1['CopyPartResult']['ETag']}, {'PartNumber': 2, 'ETag': c2['CopyPartResult']['ETag']}]})
copied = s3.get_object(Bucket=B, Key='mp-copy')['Body'].read()
print(json.dumps({
  'create': up.get('ServerSideEncryption'), 'part': e1.get('ServerSideEncryption'), 'complete': done.get('ServerSideEncryption'),
  'get': whole.get('ServerSideEncryption'), 'etag': whole['ETag'], 'ok': data == p1 + p2, 'range': rng == (p1 + p2)[len(p1) - 50:len(p1) + 50],
  'copyPart': c1.get('ServerSideEncryption'), 'copied': copied == p1 + p2,
}))
`);
    assert.equal(r.status, 0, r.stderr);
    const out = JSON.parse(r.stdout) as Record<string, unknown>;
    assert.deepEqual(out, { create: 'AES256', part: 'AES256', complete: 'AES256', get: 'AES256', etag: out.etag, ok: true, range: true, copyPart: 'AES256', copied: true });
    assert.match(String(out.etag), /^"[0-9a-f]{32}-2"$/);
    for (const f of blobFiles()) assert.equal(readFileSync(f).indexOf(`${MARKER}part-`), -1, `plaintext part in ${f}`);
  });

  test('aws CLI: cp --sse AES256 up and down, head-object and get-bucket-encryption say AES256; --sse aws:kms is refused', () => {
    const cli = (...args: string[]) => awsCli(server, ['--endpoint-url', server.url, ...args]);
    const src = join(work, 'cli.bin');
    const bytes = randomBytes(300 * 1024);
    writeFileSync(src, bytes);
    const up = cli('s3', 'cp', src, `s3://${B}/cli.bin`, '--sse', 'AES256');
    assert.equal(up.status, 0, up.stderr);
    const head = cli('s3api', 'head-object', '--bucket', B, '--key', 'cli.bin');
    assert.equal(head.status, 0, head.stderr);
    assert.equal((JSON.parse(head.stdout) as { ServerSideEncryption: string }).ServerSideEncryption, 'AES256');
    const dst = join(work, 'cli.out');
    const down = cli('s3', 'cp', `s3://${B}/cli.bin`, dst);
    assert.equal(down.status, 0, down.stderr);
    assert.ok(readFileSync(dst).equals(bytes));
    const enc = cli('s3api', 'get-bucket-encryption', '--bucket', B);
    assert.equal(enc.status, 0, enc.stderr);
    assert.equal((JSON.parse(enc.stdout) as { ServerSideEncryptionConfiguration: { Rules: Array<{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: string } }> } }).ServerSideEncryptionConfiguration.Rules[0]!.ApplyServerSideEncryptionByDefault.SSEAlgorithm, 'AES256');
    const kms = cli('s3', 'cp', src, `s3://${B}/cli-kms.bin`, '--sse', 'aws:kms');
    assert.notEqual(kms.status, 0);
    assert.match(kms.stderr, /NotImplemented/);
    assert.notEqual(cli('s3api', 'head-object', '--bucket', B, '--key', 'cli-kms.bin').status, 0, 'nothing stored');
  });
});
