/**
 * CORS and POST uploads on the PostgreSQL store: the rules stored on the bucket's row (migration 0014) answer
 * the preflight, go with the bucket, and a form upload signed by boto3 lands as an object.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { CreateBucketCommand, DeleteBucketCommand, GetBucketCorsCommand, GetObjectCommand, PutBucketCorsCommand, S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import { python } from '../helpers/clients.js';
import { startS3OnPostgres, stopS3OnPostgres, type S3OnPostgres } from '../helpers/postgres.js';
import type { TestServer } from '../helpers/server.js';

let db: S3OnPostgres['db'];
let server: TestServer;
let s3: S3Client;

before(async () => ({ db, server, s3 } = await startS3OnPostgres()));
after(() => stopS3OnPostgres({ db, server, s3 }));

test('PostgreSQL: CORS rules answer preflights and go with the bucket; a POST upload is stored', async (t) => {
  if ('unavailable' in db) return t.skip(db.unavailable);
  await s3.send(new CreateBucketCommand({ Bucket: 'pg-cors' }));
  await s3.send(new PutBucketCorsCommand({ Bucket: 'pg-cors', CORSConfiguration: { CORSRules: [{ AllowedOrigins: ['https://app.test'], AllowedMethods: ['GET'], MaxAgeSeconds: 5 }] } }));
  const pre = await fetch(`${server.url}/pg-cors/k`, { method: 'OPTIONS', headers: { Origin: 'https://app.test', 'Access-Control-Request-Method': 'GET' } });
  assert.equal(pre.status, 200);
  assert.equal(pre.headers.get('access-control-allow-origin'), 'https://app.test');
  assert.equal(pre.headers.get('access-control-max-age'), '5');

  const r = python(
    server,
    `import boto3, os, json, requests
from botocore.config import Config
s3 = boto3.client('s3', endpoint_url=os.environ['ENDPOINT'], region_name='us-east-1', config=Config(signature_version='s3v4', s3={'addressing_style': 'path'}))
p = s3.generate_presigned_post('pg-cors', 'form.txt', ExpiresIn=600)
r = requests.post(p['url'], data=p['fields'], files={'file': ('form.txt', b'on postgres')})
print(r.status_code)`,
  );
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout.trim(), '204');
  assert.equal(await (await s3.send(new GetObjectCommand({ Bucket: 'pg-cors', Key: 'form.txt' }))).Body!.transformToString(), 'on postgres');

  // A bucket deleted and made again has no rules.
  await s3.send(new CreateBucketCommand({ Bucket: 'pg-cors-2' }));
  await s3.send(new PutBucketCorsCommand({ Bucket: 'pg-cors-2', CORSConfiguration: { CORSRules: [{ AllowedOrigins: ['*'], AllowedMethods: ['GET'] }] } }));
  await s3.send(new DeleteBucketCommand({ Bucket: 'pg-cors-2' }));
  await s3.send(new CreateBucketCommand({ Bucket: 'pg-cors-2' }));
  await assert.rejects(s3.send(new GetBucketCorsCommand({ Bucket: 'pg-cors-2' })), (e: unknown) => e instanceof S3ServiceException && e.name === 'NoSuchCORSConfiguration');
  const after = await fetch(`${server.url}/pg-cors-2/k`, { method: 'OPTIONS', headers: { Origin: 'https://app.test', 'Access-Control-Request-Method': 'GET' } });
  assert.equal(after.status, 403);
});
