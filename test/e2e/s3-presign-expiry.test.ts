/**
 * A presigned URL lives at most as long as the credentials that signed it: a 7-day URL signed with a
 * 15-minute session stops working when the session ends, although its X-Amz-Expires has not passed.
 * (Two servers on one data directory, the second with its clock 20 minutes ahead, on the same port so
 * that the signed Host still matches.)
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { GetSessionTokenCommand, STSClient } from '@aws-sdk/client-sts';
import { python, sdkConfig } from '../helpers/clients.js';
import { startServer, type TestServer } from '../helpers/server.js';

const dataDir = mkdtempSync(join(tmpdir(), 'tessera-s3-presign-'));
const root = { accessKeyId: 'AKIAPRESIGNEXPIRY001', secretAccessKey: 'presign-expiry-secret/abcdefghijklmnopqr' };
let server: TestServer | undefined;
after(async () => {
  await server?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => resolve(p));
    });
  });

test('a 7-day presigned URL signed with session credentials ends with the session', async () => {
  const port = await freePort();
  server = await startServer({ dataDir, root, args: ['--port', String(port)] });
  assert.equal(server.port, port);
  const s3 = new S3Client({ ...sdkConfig(server, root), forcePathStyle: true });
  await s3.send(new CreateBucketCommand({ Bucket: 'presign-expiry' }));
  await s3.send(new PutObjectCommand({ Bucket: 'presign-expiry', Key: 'k', Body: 'still here' }));
  s3.destroy();
  const sts = new STSClient(sdkConfig(server, root));
  const c = (await sts.send(new GetSessionTokenCommand({ DurationSeconds: 900 }))).Credentials!;
  sts.destroy();
  const r = python(
    server,
    `
import boto3, json, os
from botocore.config import Config
s3 = boto3.client('s3', endpoint_url=os.environ['ENDPOINT'], config=Config(signature_version='s3v4'))
print(json.dumps([s3.generate_presigned_url('get_object', Params={'Bucket': 'presign-expiry', 'Key': 'k'}, ExpiresIn=604800),
                  boto3.client('s3', endpoint_url=os.environ['ENDPOINT']).generate_presigned_url('get_object', Params={'Bucket': 'presign-expiry', 'Key': 'k'}, ExpiresIn=604800)]))
`,
    { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken! },
  );
  assert.equal(r.status, 0, r.stderr);
  const urls = JSON.parse(r.stdout) as string[];
  for (const u of urls) {
    const res = await fetch(u);
    assert.equal(res.status, 200);
    assert.equal(await res.text(), 'still here');
  }
  await server.stop();
  server = await startServer({ dataDir, root, args: ['--port', String(port), '--unsafe-clock-offset', '1200'] });
  for (const u of urls) {
    const res = await fetch(u);
    const text = await res.text();
    assert.equal(res.status, 400, text);
    assert.match(text, /<Code>ExpiredToken<\/Code>/, text);
  }
});
