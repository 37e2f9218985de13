/**
 * Server-side encryption Tessera does not apply is never acknowledged. Over plain HTTP (without --tls-cert)
 * every SSE-C request is refused with AWS's 400 InvalidRequest ("...must be made over a secure
 * connection."), whatever the operation; SSE-KMS (aws:kms, aws:kms:dsse: there is no KMS) on a write is
 * 501 NotImplemented naming the header (SSE-S3 is applied: test/e2e/s3-sse.test.ts); malformed SSE headers get AWS's 400s; encryption headers on reads are 400. Nothing is written by a
 * refused request: no object, no upload, no part, no copy. Driven by boto3, the JS SDK and raw HTTP (a
 * presigned URL carrying the header in its query string, as SDKs hoist x-amz-* headers).
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import {
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  HeadObjectCommand,
  ListMultipartUploadsCommand,
  ListPartsCommand,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import { python, sdkConfig } from '../helpers/clients.js';
import { startServer, type TestServer } from '../helpers/server.js';

let server: TestServer;
let s3: S3Client;
const B = 'sse-bucket';
const KEY = Buffer.alloc(32, 7);
const KEY_B64 = KEY.toString('base64');
const KEY_MD5 = createHash('md5').update(KEY).digest('base64');
const SECURE = 'Requests specifying Server Side Encryption with Customer provided keys must be made over a secure connection.';
const NOT_IMPLEMENTED = 'A header you provided implies functionality that is not implemented';

before(async () => {
  server = await startServer();
  s3 = new S3Client({ ...sdkConfig(server), forcePathStyle: true });
  await s3.send(new CreateBucketCommand({ Bucket: B }));
  await s3.send(new PutObjectCommand({ Bucket: B, Key: 'plain', Body: 'plain bytes' }));
});
after(async () => {
  s3?.destroy();
  await server?.stop();
});

async function refused(p: Promise<unknown>, status: number, code: string, message?: string): Promise<S3ServiceException> {
  try {
    await p;
  } catch (e) {
    const err = e as S3ServiceException;
    assert.equal(err.$metadata.httpStatusCode, status, err.message);
    assert.equal(err.name, code, err.message);
    if (message !== undefined) assert.equal(err.message, message);
    return err;
  }
  assert.fail(`expected ${status} ${code}`);
}

async function absent(key: string) {
  await refused(s3.send(new HeadObjectCommand({ Bucket: B, Key: key })), 404, 'NotFound');
}

const uploads = async () => (await s3.send(new ListMultipartUploadsCommand({ Bucket: B }))).Uploads ?? [];

/** Runs a boto3 script; it prints one JSON line per call: {status, code, message, header}. */
function boto(script: string): Array<{ label: string; status: number; code: string; message: string; header?: string; argument?: string }> {
  const r = python(
    server,
    `
import boto3, json, os
from botocore.exceptions import ClientError
s3 = boto3.client('s3', endpoint_url=os.environ['ENDPOINT'])
KEY = bytes([7]) * 32
def t(label, f):
    try:
        f()
        print(json.dumps({'label': label, 'status': 200, 'code': '', 'message': ''}))
    except ClientError as e:
        err = e.response['Error']
        print(json.dumps({'label': label, 'status': e.response['ResponseMetadata']['HTTPStatusCode'], 'code': err.get('Code'),
                          'message': err.get('Message'), 'header': err.get('Header'), 'argument': err.get('ArgumentName')}))
${script}
`,
  );
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.trim().split('\n').map((l) => JSON.parse(l));
}

describe('SSE-C over plain HTTP is refused on every operation that takes it', () => {
  test('boto3: PutObject, GetObject, HeadObject, CopyObject (target and source), CreateMultipartUpload, UploadPart, UploadPartCopy', async () => {
    const upload = await s3.send(new CreateMultipartUploadCommand({ Bucket: B, Key: 'mp-ssec' }));
    const results = boto(`
c = dict(SSECustomerAlgorithm='AES256', SSECustomerKey=KEY)
src = dict(CopySourceSSECustomerAlgorithm='AES256', CopySourceSSECustomerKey=KEY)
up = '${upload.UploadId}'
t('PutObject', lambda: s3.put_object(Bucket='${B}', Key='ssec-put', Body=b'secret', **c))
t('GetObject', lambda: s3.get_object(Bucket='${B}', Key='plain', **c))
t('CopyObject target', lambda: s3.copy_object(Bucket='${B}', Key='ssec-copy', CopySource='${B}/plain', **c))
t('CopyObject source', lambda: s3.copy_object(Bucket='${B}', Key='ssec-copy-src', CopySource='${B}/plain', **src))
t('CreateMultipartUpload', lambda: s3.create_multipart_upload(Bucket='${B}', Key='ssec-mp', **c))
t('UploadPart', lambda: s3.upload_part(Bucket='${B}', Key='mp-ssec', UploadId=up, PartNumber=1, Body=b'part', **c))
t('UploadPartCopy target', lambda: s3.upload_part_copy(Bucket='${B}', Key='mp-ssec', UploadId=up, PartNumber=2, CopySource='${B}/plain', **c))
t('UploadPartCopy source', lambda: s3.upload_part_copy(Bucket='${B}', Key='mp-ssec', UploadId=up, PartNumber=3, CopySource='${B}/plain', **src))
t('HeadObject', lambda: s3.head_object(Bucket='${B}', Key='plain', **c))
`);
    for (const r of results) {
      assert.equal(r.status, 400, `${r.label}: ${JSON.stringify(r)}`);
      // HEAD answers carry no body: botocore reports only the status.
      if (r.label !== 'HeadObject') assert.deepEqual([r.code, r.message], ['InvalidRequest', SECURE], r.label);
    }
    assert.equal(results.length, 9);
    // Nothing was written.
    for (const k of ['ssec-put', 'ssec-copy', 'ssec-copy-src']) await absent(k);
    assert.deepEqual((await uploads()).map((u) => u.Key), ['mp-ssec']);
    assert.equal((await s3.send(new ListPartsCommand({ Bucket: B, Key: 'mp-ssec', UploadId: upload.UploadId }))).Parts, undefined);
  });

  test('JS SDK: an SSE-C PutObject is 400 InvalidRequest and stores nothing (no plaintext copy to read back)', async () => {
    await refused(
      s3.send(new PutObjectCommand({ Bucket: B, Key: 'ssec-js', Body: 'secret', SSECustomerAlgorithm: 'AES256', SSECustomerKey: KEY_B64, SSECustomerKeyMD5: KEY_MD5 })),
      400,
      'InvalidRequest',
      SECURE,
    );
    await absent('ssec-js');
  });

  test('raw HTTP: an SSE-C header alone, even a malformed one, is refused before anything else', async () => {
    const r = await fetch(`${server.url}/${B}/anything`, { headers: { 'x-amz-server-side-encryption-customer-algorithm': 'AES256' } });
    assert.equal(r.status, 400);
    assert.match(await r.text(), /<Code>InvalidRequest<\/Code><Message>Requests specifying Server Side Encryption with Customer provided keys must be made over a secure connection.<\/Message>/);
  });
});

describe('SSE-KMS is refused, never acknowledged', () => {
  test('boto3: PutObject, CopyObject, CreateMultipartUpload with aws:kms or aws:kms:dsse are 501 NotImplemented naming the header; nothing stored', async () => {
    const results = boto(`
t('aws:kms', lambda: s3.put_object(Bucket='${B}', Key='sse-kms', Body=b'x', ServerSideEncryption='aws:kms', SSEKMSKeyId='no-such-key'))
t('aws:kms:dsse', lambda: s3.put_object(Bucket='${B}', Key='sse-dsse', Body=b'x', ServerSideEncryption='aws:kms:dsse'))
t('CopyObject', lambda: s3.copy_object(Bucket='${B}', Key='sse-copy', CopySource='${B}/plain', ServerSideEncryption='aws:kms'))
t('CreateMultipartUpload', lambda: s3.create_multipart_upload(Bucket='${B}', Key='sse-mp', ServerSideEncryption='aws:kms'))
`);
    for (const r of results) assert.deepEqual([r.status, r.code, r.message, r.header], [501, 'NotImplemented', NOT_IMPLEMENTED, 'x-amz-server-side-encryption'], r.label);
    assert.equal(results.length, 4);
    for (const k of ['sse-kms', 'sse-dsse', 'sse-copy']) await absent(k);
    assert.ok(!(await uploads()).some((u) => u.Key === 'sse-mp'));
  });

  test('JS SDK: PutObject with ServerSideEncryption aws:kms is 501', async () => {
    const e = await refused(s3.send(new PutObjectCommand({ Bucket: B, Key: 'sse-js', Body: 'x', ServerSideEncryption: 'aws:kms' })), 501, 'NotImplemented', NOT_IMPLEMENTED);
    assert.equal((e as unknown as { Header?: string }).Header, 'x-amz-server-side-encryption');
    await absent('sse-js');
  });

  test('malformed or contradictory SSE headers get AWS 400s; PutBucketEncryption with aws:kms is 501', async () => {
    const results = boto(`
t('bad method', lambda: s3.put_object(Bucket='${B}', Key='bad', Body=b'x', ServerSideEncryption='aes:kms'))
t('kms key without aws:kms', lambda: s3.put_object(Bucket='${B}', Key='bad', Body=b'x', SSEKMSKeyId='k'))
t('AES256 with a kms key', lambda: s3.put_object(Bucket='${B}', Key='bad', Body=b'x', ServerSideEncryption='AES256', SSEKMSKeyId='k'))
t('PutBucketEncryption', lambda: s3.put_bucket_encryption(Bucket='${B}', ServerSideEncryptionConfiguration={'Rules': [{'ApplyServerSideEncryptionByDefault': {'SSEAlgorithm': 'aws:kms'}}]}))
`);
    // A KMS default encryption needs a KMS: 501, never a silent 200.
    assert.deepEqual([results[3]!.status, results[3]!.code], [501, 'NotImplemented']);
    assert.deepEqual(results.slice(0, 3).map((r) => [r.status, r.code, r.argument]), [
      [400, 'InvalidArgument', 'x-amz-server-side-encryption'],
      [400, 'InvalidArgument', 'x-amz-server-side-encryption'],
      [400, 'InvalidArgument', 'x-amz-server-side-encryption'],
    ]);
    assert.equal(results[0]!.message, 'The encryption method specified is not supported');
    assert.equal(results[1]!.message, 'Server Side Encryption with AWS KMS managed key requires HTTP header x-amz-server-side-encryption : aws:kms');
    await absent('bad');
  });

  test('UploadPart with x-amz-server-side-encryption is 400 InvalidArgument; no part is stored', async () => {
    const upload = await s3.send(new CreateMultipartUploadCommand({ Bucket: B, Key: 'mp-sse' }));
    const part = new UploadPartCommand({ Bucket: B, Key: 'mp-sse', UploadId: upload.UploadId, PartNumber: 1, Body: 'part' });
    part.middlewareStack.add((next) => async (args) => {
      (args.request as { headers: Record<string, string> }).headers['x-amz-server-side-encryption'] = 'AES256';
      return next(args);
    }, { step: 'build' });
    await refused(s3.send(part), 400, 'InvalidArgument', 'x-amz-server-side-encryption header is not supported for this operation.');
    assert.equal((await s3.send(new ListPartsCommand({ Bucket: B, Key: 'mp-sse', UploadId: upload.UploadId }))).Parts, undefined);
  });

  test('GetObject and HeadObject with x-amz-server-side-encryption are 400 (boto3, header added before signing)', () => {
    const results = boto(`
def add(params, **kw):
    params['headers']['x-amz-server-side-encryption'] = 'AES256'
s3.meta.events.register('before-call.s3.GetObject', add)
s3.meta.events.register('before-call.s3.HeadObject', add)
t('GetObject', lambda: s3.get_object(Bucket='${B}', Key='plain'))
t('HeadObject', lambda: s3.head_object(Bucket='${B}', Key='plain'))
`);
    assert.deepEqual(results.map((r) => r.status), [400, 400]);
    assert.deepEqual([results[0]!.code, results[0]!.message], ['InvalidArgument', 'x-amz-server-side-encryption header is not supported for this operation.']);
  });

  test('a presigned PUT carrying x-amz-server-side-encryption: aws:kms in its (signed) query is refused too', async () => {
    // The SDK's SigV4 presigner hoists x-amz-* headers into the query string, signed.
    const u = new URL(server.url);
    const signer = new SignatureV4({ service: 's3', region: 'us-east-1', credentials: server.root, sha256: Sha256, uriEscapePath: false });
    const signed = await signer.presign(
      {
        method: 'PUT',
        protocol: u.protocol,
        hostname: u.hostname,
        port: Number(u.port),
        path: `/${B}/presigned-sse`,
        headers: { host: u.host, 'x-amz-server-side-encryption': 'aws:kms', 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' },
        query: {},
      },
      { expiresIn: 300, unhoistableHeaders: new Set(['x-amz-content-sha256']) },
    );
    const query = new URLSearchParams(signed.query as Record<string, string>);
    assert.equal(query.get('x-amz-server-side-encryption'), 'aws:kms');
    const res = await fetch(`${server.url}${signed.path}?${query}`, { method: 'PUT', body: 'x', headers: { 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' } });
    const text = await res.text();
    assert.equal(res.status, 501, text);
    assert.match(text, /<Code>NotImplemented<\/Code>/);
    await absent('presigned-sse');
  });

  test('a plain PutObject still works', async () => {
    await s3.send(new PutObjectCommand({ Bucket: B, Key: 'plain-2', Body: 'ok' }));
    assert.equal((await s3.send(new HeadObjectCommand({ Bucket: B, Key: 'plain-2' }))).ContentLength, 2);
  });
});
