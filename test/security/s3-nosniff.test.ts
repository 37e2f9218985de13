/**
 * Every S3 answer carries X-Content-Type-Options: nosniff, successes and errors alike, so that no browser
 * sniffs an object (or an error document echoing a key) into HTML or script. Raw HTTP: objects served to
 * anonymous callers through a public-read bucket policy, presigned requests, and every kind of refusal.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { CreateBucketCommand, DeletePublicAccessBlockCommand, PutBucketPolicyCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { python, sdkConfig } from '../helpers/clients.js';
import { startServer, type TestServer } from '../helpers/server.js';

let server: TestServer;
const B = 'nosniff-public';

before(async () => {
  server = await startServer();
  const s3 = new S3Client({ ...sdkConfig(server), forcePathStyle: true });
  await s3.send(new CreateBucketCommand({ Bucket: B }));
  // A new bucket blocks public policies (S3's default): lift it for the public-read policy below.
  await s3.send(new DeletePublicAccessBlockCommand({ Bucket: B }));
  await s3.send(new PutObjectCommand({ Bucket: B, Key: 'page.txt', Body: '<html><script>alert(1)</script></html>', ContentType: 'text/plain' }));
  const policy = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: `arn:aws:s3:::${B}/*` }] };
  await s3.send(new PutBucketPolicyCommand({ Bucket: B, Policy: JSON.stringify(policy) }));
  s3.destroy();
});
after(async () => {
  await server?.stop();
});

async function check(label: string, path: string, init: RequestInit, status: number) {
  const res = await fetch(`${server.url}${path}`, init);
  await res.arrayBuffer();
  assert.equal(res.status, status, label);
  assert.equal(res.headers.get('x-content-type-options'), 'nosniff', `${label}: ${res.status}`);
}

test('successes: GET, HEAD, a range, a 304, presigned GETs (SigV2, SigV4) and a presigned listing', async () => {
  await check('GET object', `/${B}/page.txt`, {}, 200);
  await check('HEAD object', `/${B}/page.txt`, { method: 'HEAD' }, 200);
  await check('range', `/${B}/page.txt`, { headers: { Range: 'bytes=0-5' } }, 206);
  const etag = (await fetch(`${server.url}/${B}/page.txt`, { method: 'HEAD' })).headers.get('etag')!;
  await check('not modified', `/${B}/page.txt`, { headers: { 'If-None-Match': etag } }, 304);
  const r = python(
    server,
    `
import boto3, json, os
from botocore.config import Config
urls = [boto3.client('s3', endpoint_url=os.environ['ENDPOINT'], config=Config(signature_version=v)).generate_presigned_url('get_object', Params={'Bucket': '${B}', 'Key': 'page.txt'}) for v in ['s3', 's3v4']]
urls.append(boto3.client('s3', endpoint_url=os.environ['ENDPOINT'], config=Config(signature_version='s3v4')).generate_presigned_url('list_objects_v2', Params={'Bucket': '${B}'}))
print(json.dumps(urls))
`,
  );
  assert.equal(r.status, 0, r.stderr);
  for (const url of JSON.parse(r.stdout) as string[]) await check('presigned', url.slice(server.url.length), {}, 200);
});

test('errors: every refusal carries it too', async () => {
  await check('anonymous ListBuckets', '/', {}, 403);
  await check('anonymous ListObjects on a private listing', `/${B}`, {}, 403);
  await check('missing bucket', '/no-such-bucket-here/k', {}, 404);
  await check('missing key (AccessDenied without s3:ListBucket)', `/${B}/missing`, {}, 403);
  await check('bad signature', `/${B}/page.txt`, { headers: { Authorization: 'AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20260101/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=00', 'x-amz-date': '20260101T000000Z', 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' } }, 403);
  await check('not implemented sub-resource', `/${B}/page.txt?torrent`, {}, 501);
  await check('method not allowed', `/${B}/page.txt`, { method: 'POST' }, 405);
  await check('invalid URI', `/${B}/%E0%A4%A`, {}, 400);
  await check('SSE-C over HTTP', `/${B}/page.txt`, { headers: { 'x-amz-server-side-encryption-customer-algorithm': 'AES256' } }, 400);
  await check('bad response-content-type', `/${B}/page.txt?response-content-type=a%0D%0Ab`, {}, 400);
  await check('HEAD of a missing bucket', '/no-such-bucket-here', { method: 'HEAD' }, 404);
});
