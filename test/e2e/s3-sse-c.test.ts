/**
 * SSE-C end to end over HTTPS (`serve --tls-cert --tls-key`, a certificate made for the test and trusted by
 * each client as its CA): PUT, GET, ranged GET, HEAD with the customer's key; GET and HEAD without it (400),
 * with another key (403), a bad key MD5 (400); multipart parts with and without the key; CopyObject and
 * UploadPartCopy from an SSE-C source; the aws CLI's --sse-c; the key and the plaintext are in no file of the
 * data directory. (SSE-C over plain HTTP is refused: test/security/s3-sse.test.ts.)
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { Agent } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { CopyObjectCommand, CreateBucketCommand, DeleteBucketPolicyCommand, GetObjectCommand, HeadObjectCommand, ListObjectsV2Command, PutBucketPolicyCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { awsCli, python, sdkConfig } from '../helpers/clients.js';
import { rejects } from '../helpers/aws-errors.js';
import { allFiles } from '../helpers/dataDir.js';
import { startServer, type TestServer } from '../helpers/server.js';

let server: TestServer;
let s3: S3Client;
let dataDir: string;
let work: string;
let caFile: string;
const B = 'ssec-e2e';
const MARKER = 'TESSERA-SSEC-PLAINTEXT-';
const KEY = randomBytes(32);
const OTHER = randomBytes(32);
const md5b64 = (b: Buffer) => createHash('md5').update(b).digest('base64');
const ssec = (k = KEY, m = md5b64(k)) => ({ SSECustomerAlgorithm: 'AES256', SSECustomerKey: k.toString('base64'), SSECustomerKeyMD5: m });

before(async () => {
  work = mkdtempSync(join(tmpdir(), 'tessera-ssec-work-'));
  dataDir = mkdtempSync(join(tmpdir(), 'tessera-ssec-'));
  caFile = join(work, 'cert.pem');
  const keyFile = join(work, 'key.pem');
  const r = spawnSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', keyFile, '-out', caFile, '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  server = await startServer({ dataDir, args: ['--tls-cert', caFile, '--tls-key', keyFile] });
  assert.match(server.url, /^https:\/\//);
  s3 = new S3Client({
    ...sdkConfig(server),
    forcePathStyle: true,
    requestHandler: new NodeHttpHandler({ httpsAgent: new Agent({ ca: readFileSync(caFile) }) }),
  });
  await s3.send(new CreateBucketCommand({ Bucket: B }));
});
after(async () => {
  s3?.destroy();
  await server?.stop();
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(work, { recursive: true, force: true });
});



const get = async (key: string, extra: object = {}) => {
  const r = await s3.send(new GetObjectCommand({ Bucket: B, Key: key, ...extra }));
  return { r, bytes: Buffer.from(await r.Body!.transformToByteArray()) };
};

describe('SSE-C over HTTPS (JS SDK)', () => {
  const plain = Buffer.concat(Array.from({ length: 4000 }, (_, i) => Buffer.from(`${MARKER}${String(i).padStart(6, '0')}\n`)));

  test('PUT with the key answers its algorithm and MD5; GET, ranged GET and HEAD need the same key', async () => {
    const put = await s3.send(new PutObjectCommand({ Bucket: B, Key: 'obj', Body: plain, ...ssec() }));
    assert.deepEqual([put.SSECustomerAlgorithm, put.SSECustomerKeyMD5, put.ServerSideEncryption], ['AES256', md5b64(KEY), undefined]);
    const whole = await get('obj', ssec());
    assert.ok(whole.bytes.equals(plain));
    assert.deepEqual([whole.r.SSECustomerAlgorithm, whole.r.SSECustomerKeyMD5], ['AES256', md5b64(KEY)]);
    const part = await get('obj', { ...ssec(), Range: 'bytes=65530-70000' });
    assert.ok(part.bytes.equals(plain.subarray(65_530, 70_001)));
    const head = await s3.send(new HeadObjectCommand({ Bucket: B, Key: 'obj', ...ssec() }));
    assert.deepEqual([head.ContentLength, head.SSECustomerKeyMD5], [plain.length, md5b64(KEY)]);
  });

  test('a long object over TLS (opened a run at a time beside the event loop, its buffers reused once written): whole and ranged GETs', async () => {
    const MiB = 1024 * 1024;
    const long = Buffer.concat([randomBytes(8 * MiB), Buffer.from(`${MARKER}long`)]);
    await s3.send(new PutObjectCommand({ Bucket: B, Key: 'long', Body: long, ...ssec() }));
    const [a, b] = await Promise.all([get('long', ssec()), get('long', { ...ssec(), Range: `bytes=${MiB + 5}-${7 * MiB}` })]);
    assert.equal(createHash('md5').update(a.bytes).digest('hex'), createHash('md5').update(long).digest('hex'));
    assert.ok(b.bytes.equals(long.subarray(MiB + 5, 7 * MiB + 1)));
    await rejects(s3.send(new GetObjectCommand({ Bucket: B, Key: 'long', ...ssec(OTHER) })), 'AccessDenied', 403);
  });

  test('without the key 400 InvalidRequest, another key 403 AccessDenied, a bad MD5 400 InvalidArgument; a key for an SSE-S3 object 400', async () => {
    await rejects(
      s3.send(new GetObjectCommand({ Bucket: B, Key: 'obj' })),
      'InvalidRequest',
      400,
      'The object was stored using a form of Server Side Encryption. The correct parameters must be provided to retrieve the object.',
    );
    // A HEAD answer has no body: the SDK sees the status only.
    await rejects(s3.send(new HeadObjectCommand({ Bucket: B, Key: 'obj' })), 'Unknown', 400);
    await rejects(s3.send(new GetObjectCommand({ Bucket: B, Key: 'obj', ...ssec(OTHER) })), 'AccessDenied', 403);
    await rejects(s3.send(new HeadObjectCommand({ Bucket: B, Key: 'obj', ...ssec(OTHER) })), 'Unknown', 403);
    // The SDK computes the key's MD5 itself: the wrong one is set on the built request, before signing.
    const badMd5 = new PutObjectCommand({ Bucket: B, Key: 'bad-md5', Body: 'x', ...ssec() });
    badMd5.middlewareStack.add((next) => async (args) => {
      (args.request as { headers: Record<string, string> }).headers['x-amz-server-side-encryption-customer-key-md5'] = md5b64(OTHER);
      return next(args);
    }, { step: 'build' });
    await rejects(
      s3.send(badMd5),
      'InvalidArgument',
      400,
      'The calculated MD5 hash of the key did not match the hash that was provided.',
    );
    await rejects(s3.send(new HeadObjectCommand({ Bucket: B, Key: 'bad-md5', ...ssec() })), 'NotFound', 404);
    await s3.send(new PutObjectCommand({ Bucket: B, Key: 'sse-s3', Body: 'x' }));
    await rejects(s3.send(new GetObjectCommand({ Bucket: B, Key: 'sse-s3', ...ssec() })), 'InvalidRequest', 400, 'The encryption parameters are not applicable to this object.');
  });

  test('CopyObject: an SSE-C source needs its key; the copy is encrypted as the target asks', async () => {
    await rejects(s3.send(new CopyObjectCommand({ Bucket: B, Key: 'copy', CopySource: `${B}/obj` })), 'InvalidRequest', 400);
    const toS3 = await s3.send(new CopyObjectCommand({
      Bucket: B, Key: 'copy', CopySource: `${B}/obj`,
      CopySourceSSECustomerAlgorithm: 'AES256', CopySourceSSECustomerKey: KEY.toString('base64'), CopySourceSSECustomerKeyMD5: md5b64(KEY),
    }));
    assert.equal(toS3.ServerSideEncryption, 'AES256');
    assert.ok((await get('copy')).bytes.equals(plain));
    const toC = await s3.send(new CopyObjectCommand({
      Bucket: B, Key: 'copy-c', CopySource: `${B}/copy`, ...ssec(OTHER),
    }));
    assert.equal(toC.SSECustomerKeyMD5, md5b64(OTHER));
    assert.ok((await get('copy-c', ssec(OTHER))).bytes.equals(plain));
    await rejects(s3.send(new GetObjectCommand({ Bucket: B, Key: 'copy-c', ...ssec() })), 'AccessDenied', 403);
  });

  test("an SSE-C object's ETag is not the MD5 of its plaintext (listed without the key, it would confirm a guess); an SSE-S3 object's is", async () => {
    const guess = Buffer.from('a guessable secret: 1234');
    const md5hex = createHash('md5').update(guess).digest('hex');
    const c = await s3.send(new PutObjectCommand({ Bucket: B, Key: 'etag-c', Body: guess, ...ssec() }));
    assert.match(c.ETag!, /^"[0-9a-f]{32}"$/);
    assert.notEqual(c.ETag, `"${md5hex}"`);
    const again = await s3.send(new PutObjectCommand({ Bucket: B, Key: 'etag-c2', Body: guess, ...ssec() }));
    assert.notEqual(again.ETag, c.ETag, 'the same plaintext twice: two unrelated ETags');
    const listed = await s3.send(new ListObjectsV2Command({ Bucket: B, Prefix: 'etag-' }));
    assert.deepEqual(listed.Contents!.map((o) => [o.Key, o.ETag]), [['etag-c', c.ETag], ['etag-c2', again.ETag]]);
    // The ETag stays the object's: HEAD and conditional GETs use it.
    assert.equal((await s3.send(new HeadObjectCommand({ Bucket: B, Key: 'etag-c', ...ssec() }))).ETag, c.ETag);
    assert.ok((await get('etag-c', { ...ssec(), IfMatch: c.ETag })).bytes.equals(guess));
    await rejects(s3.send(new GetObjectCommand({ Bucket: B, Key: 'etag-c', IfMatch: `"${md5hex}"`, ...ssec() })), 'PreconditionFailed', 412);
    const copy = await s3.send(new CopyObjectCommand({
      Bucket: B, Key: 'etag-copy', CopySource: `${B}/etag-c`, ...ssec(),
      CopySourceSSECustomerAlgorithm: 'AES256', CopySourceSSECustomerKey: KEY.toString('base64'), CopySourceSSECustomerKeyMD5: md5b64(KEY),
    }));
    assert.match(copy.CopyObjectResult!.ETag!, /^"[0-9a-f]{32}"$/);
    assert.notEqual(copy.CopyObjectResult!.ETag, `"${md5hex}"`);
    const sseS3 = await s3.send(new PutObjectCommand({ Bucket: B, Key: 'etag-s3', Body: guess }));
    assert.equal(sseS3.ServerSideEncryption, 'AES256');
    assert.equal(sseS3.ETag, `"${md5hex}"`);
  });
});

describe('the policy pair on s3:x-amz-server-side-encryption-customer-algorithm', () => {
  test('a bucket policy denying PutObject without SSE-C under c-only/: allowed with the key, AccessDenied without', async () => {
    const policy = {
      Version: '2012-10-17',
      Statement: [{
        Effect: 'Deny', Principal: '*', Action: 's3:PutObject', Resource: `arn:aws:s3:::${B}/c-only/*`,
        Condition: { Null: { 's3:x-amz-server-side-encryption-customer-algorithm': 'true' } },
      }],
    };
    await s3.send(new PutBucketPolicyCommand({ Bucket: B, Policy: JSON.stringify(policy) }));
    try {
      const ok = await s3.send(new PutObjectCommand({ Bucket: B, Key: 'c-only/a', Body: 'x', ...ssec() }));
      assert.equal(ok.SSECustomerAlgorithm, 'AES256');
      await rejects(s3.send(new PutObjectCommand({ Bucket: B, Key: 'c-only/b', Body: 'x' })), 'AccessDenied', 403);
      await rejects(s3.send(new PutObjectCommand({ Bucket: B, Key: 'c-only/c', Body: 'x', ServerSideEncryption: 'AES256' })), 'AccessDenied', 403);
      await rejects(s3.send(new HeadObjectCommand({ Bucket: B, Key: 'c-only/b' })), 'NotFound', 404);
    } finally {
      await s3.send(new DeleteBucketPolicyCommand({ Bucket: B }));
    }
  });
});

describe('SSE-C through boto3 and the aws CLI', () => {
  test('boto3: multipart parts need the upload key; UploadPartCopy from an SSE-C source', () => {
    const r = python(server, `
import boto3, base64, hashlib, json, os
from botocore.exceptions import ClientError
s3 = boto3.client('s3', endpoint_url=os.environ['ENDPOINT'])
B = '${B}'
K = base64.b64decode('${KEY.toString('base64')}')
O = base64.b64decode('${OTHER.toString('base64')}')
C = {'SSECustomerAlgorithm': 'AES256', 'SSECustomerKey': K}
p1 = (b'${MARKER}mp-one ' * 400000)[:5 * 1024 * 1024]
p2 = b'${MARKER}mp-two ' * 1000
up = s3.create_multipart_upload(Bucket=B, Key='mp', **C)
def err(f):
    try:
        f()
        return 'ok'
    except ClientError as e:
        return '%s %s %s' % (e.response['ResponseMetadata']['HTTPStatusCode'], e.response['Error']['Code'], e.response['Error'].get('Message', ''))
# (small bodies: a refusal answered before a large body is read ends the TLS connection; see the report)
no_key = err(lambda: s3.upload_part(Bucket=B, Key='mp', UploadId=up['UploadId'], PartNumber=1, Body=b'x' * 1024))
other_key = err(lambda: s3.upload_part(Bucket=B, Key='mp', UploadId=up['UploadId'], PartNumber=1, Body=b'x' * 1024, SSECustomerAlgorithm='AES256', SSECustomerKey=O))
e1 = s3.upload_part(Bucket=B, Key='mp', UploadId=up['UploadId'], PartNumber=1, Body=p1, **C)
e2 = s3.upload_part(Bucket=B, Key='mp', UploadId=up['UploadId'], PartNumber=2, Body=p2, **C)
done = s3.complete_multipart_upload(Bucket=B, Key='mp', UploadId=up['UploadId'], MultipartUpload={'Parts': [{'PartNumber': 1, 'ETag': e1['ETag']}, {'PartNumber': 2, 'ETag': e2['ETag']}]})
data = s3.get_object(Bucket=B, Key='mp', **C)['Body'].read()
get_no_key = err(lambda: s3.get_object(Bucket=B, Key='mp'))
up2 = s3.create_multipart_upload(Bucket=B, Key='mp-copy')
pc = s3.upload_part_copy(Bucket=B, Key='mp-copy', UploadId=up2['UploadId'], PartNumber=1, CopySource={'Bucket': B, 'Key': 'mp'},
  CopySourceRange='bytes=0-%d' % (len(p1) - 1), CopySourceSSECustomerAlgorithm='AES256', CopySourceSSECustomerKey=K)
s3.complete_multipart_upload(Bucket=B, Key='mp-copy', UploadId=up2['UploadId'], MultipartUpload={'Parts': [{'PartNumber': 1, 'ETag': pc['CopyPartResult']['ETag']}]})
copied = s3.get_object(Bucket=B, Key='mp-copy')['Body'].read()
print(json.dumps({'create': up.get('SSECustomerAlgorithm'), 'part': e1.get('SSECustomerKeyMD5') == base64.b64encode(hashlib.md5(K).digest()).decode(),
  'ok': data == p1 + p2, 'noKey': no_key, 'otherKey': other_key, 'getNoKey': get_no_key, 'copied': copied == p1}))
`, server.root, { AWS_CA_BUNDLE: caFile });
    assert.equal(r.status, 0, r.stderr);
    const out = JSON.parse(r.stdout) as Record<string, string | boolean>;
    assert.deepEqual(out, {
      create: 'AES256',
      part: true,
      ok: true,
      noKey: '400 InvalidRequest The multipart upload initiate requested encryption. Subsequent part requests must include the appropriate encryption parameters.',
      otherKey: '400 InvalidRequest The provided encryption parameters did not match the ones used originally.',
      getNoKey: '400 InvalidRequest The object was stored using a form of Server Side Encryption. The correct parameters must be provided to retrieve the object.',
      copied: true,
    });
  });

  test('aws CLI: cp --sse-c up and down; without the key the download fails', () => {
    const cli = (...args: string[]) => awsCli(server, ['--endpoint-url', server.url, '--ca-bundle', caFile, ...args]);
    const keyFile = join(work, 'ssec.key');
    writeFileSync(keyFile, KEY);
    const src = join(work, 'cli.bin');
    const bytes = Buffer.concat([Buffer.from(MARKER), randomBytes(200 * 1024)]);
    writeFileSync(src, bytes);
    const up = cli('s3', 'cp', src, `s3://${B}/cli.bin`, '--sse-c', 'AES256', '--sse-c-key', `fileb://${keyFile}`);
    assert.equal(up.status, 0, up.stderr);
    const dst = join(work, 'cli.out');
    const down = cli('s3', 'cp', `s3://${B}/cli.bin`, dst, '--sse-c', 'AES256', '--sse-c-key', `fileb://${keyFile}`);
    assert.equal(down.status, 0, down.stderr);
    assert.ok(readFileSync(dst).equals(bytes));
    const noKey = cli('s3', 'cp', `s3://${B}/cli.bin`, join(work, 'nokey.out'));
    assert.notEqual(noKey.status, 0);
    assert.match(noKey.stderr, /400/);
  });

  test('at rest: neither the plaintext nor the key is in any file of the data directory', () => {
    const needles = [Buffer.from(MARKER), KEY, Buffer.from(KEY.toString('base64')), Buffer.from(KEY.toString('hex'))];
    for (const f of allFiles(dataDir)) {
      const bytes = readFileSync(f);
      for (const n of needles) assert.equal(bytes.indexOf(n), -1, `found in ${f}`);
    }
  });
});
