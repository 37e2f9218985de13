/**
 * Gateway mode against a real Ceph (radosgw, started by the project's scripts/ceph-up.sh through
 * test/helpers/ceph.ts): Tessera (`--gateway`, the s3:// object store, PostgreSQL) in front of buckets Ceph
 * already holds.
 *  - objects written straight to Ceph before Tessera knew the bucket: `tessera admin adopt-bucket` brings
 *    the bucket under an account; an IAM user's temporary credentials (GetSessionToken) then list and read
 *    them through Tessera with boto3 (keys, bytes, metadata, ranges, a presigned URL), and a user without
 *    permission is refused (AccessDenied, 403) — as is the reader's write;
 *  - written through Tessera (the aws CLI, a multipart upload included), the objects are Ceph's, readable
 *    straight from Ceph byte for byte; deleted through Tessera, they are gone from Ceph;
 *  - CreateBucket / DeleteBucket through Tessera create and remove Ceph's bucket; a bucket policy is
 *    Tessera's (a Deny binds); versioning passes through; what gateway mode does not forward is
 *    NotImplemented; adopt-bucket refuses an unknown backend bucket, an unknown account, a second adoption;
 *  - a role session's session policy narrows what is forwarded; a body that does not match its signed
 *    SHA-256 is refused and never reaches Ceph.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { CreateRoleCommand, IAMClient, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import {
  CopyObjectCommand,
  CreateBucketCommand,
  DeleteBucketCommand,
  DeleteObjectsCommand,
  GetBucketVersioningCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  ListObjectVersionsCommand,
  PutBucketPolicyCommand,
  PutBucketVersioningCommand,
  PutObjectAclCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { AssumeRoleCommand, GetSessionTokenCommand, STSClient } from '@aws-sdk/client-sts';
import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import { doc, rejects } from '../helpers/aws-errors.js';
import { ceph, cephBucket, cephObjectStore, cephSdk, type Ceph } from '../helpers/ceph.js';
import { awsCli, python, sdkConfig, type Creds } from '../helpers/clients.js';
import { credsOf, userWithKey } from '../helpers/iam.js';
import { createTestDatabase, type TestDatabase } from '../helpers/postgres.js';
import { startServer, tesseraBin, type TestServer } from '../helpers/server.js';

const masterKey = randomBytes(32).toString('hex');
let db: TestDatabase;
let c: Ceph;
let direct: S3Client;
let server: TestServer;
let store: { args: string[]; env: Record<string, string> };
const legacy = cephBucket('legacy');
const blobs = cephBucket('gw-blobs');
const made = cephBucket('made');
const before2024 = new Map<string, Buffer>();
let reader: Creds;
let nobody: Creds;
let writer: Creds;

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const bytesOf = async (r: { Body?: { transformToByteArray(): Promise<Uint8Array> } }) => Buffer.from(await r.Body!.transformToByteArray());
const s3As = (creds: Creds) => new S3Client({ ...sdkConfig(server, creds), forcePathStyle: true });

function adopt(name: string, account: string) {
  return spawnSync(process.execPath, [tesseraBin, 'admin', 'adopt-bucket', name, '--account', account, '--database', db.url, ...store.args], {
    env: { ...process.env, TESSERA_MASTER_KEY: masterKey, ...store.env },
    encoding: 'utf8',
  });
}

before(async () => {
  const d = await createTestDatabase();
  if ('unavailable' in d) throw new Error(d.unavailable);
  db = d;
  c = ceph();
  direct = cephSdk(c);
  // Data that was on Ceph before Tessera: written straight to it.
  await direct.send(new CreateBucketCommand({ Bucket: legacy }));
  const items: Array<[string, Buffer]> = [
    ['reports/2024/q1.csv', Buffer.from('region,total\neu,1\n')],
    ['reports/2024/q2.csv', Buffer.from('region,total\neu,2\n')],
    ['images/logo é.png', randomBytes(70_000)],
    ['large.bin', randomBytes(3 * 1024 * 1024 + 17)],
  ];
  for (const [key, body] of items) {
    await direct.send(new PutObjectCommand({ Bucket: legacy, Key: key, Body: body, Metadata: { origin: 'ceph' }, ContentType: 'application/x-legacy' }));
    before2024.set(key, body);
  }
  store = cephObjectStore(c, blobs);
  server = await startServer({ database: db.url, env: { TESSERA_MASTER_KEY: masterKey, ...store.env }, args: [...store.args, '--gateway', '--log', 'off'] });
  const iam = new IAMClient(sdkConfig(server));
  reader = await userWithKey(iam, 'reader', [{ Effect: 'Allow', Action: ['s3:ListBucket', 's3:GetObject'], Resource: [`arn:aws:s3:::${legacy}`, `arn:aws:s3:::${legacy}/*`] }]);
  nobody = await userWithKey(iam, 'nobody');
  writer = await userWithKey(iam, 'writer', [{ Effect: 'Allow', Action: ['s3:ListBucket', 's3:GetObject', 's3:PutObject', 's3:DeleteObject', 's3:AbortMultipartUpload'], Resource: [`arn:aws:s3:::${legacy}`, `arn:aws:s3:::${legacy}/*`] }]);
});

after(async () => {
  await server?.stop();
  direct?.destroy();
  if (db) await db.drop();
});

test('before adoption the backend bucket is not Tessera\'s; adopt-bucket brings it in, and refuses what it cannot', async () => {
  await rejects(s3As(server.root).send(new ListObjectsV2Command({ Bucket: legacy })), 'NoSuchBucket', 404);
  await rejects(s3As(server.root).send(new CreateBucketCommand({ Bucket: legacy })), 'BucketAlreadyExists', 409);
  const missing = adopt(cephBucket('absent'), server.accountId);
  assert.equal(missing.status, 1);
  assert.match(missing.stderr, /the object store has no bucket/);
  const noAccount = adopt(legacy, '999999999999');
  assert.equal(noAccount.status, 1);
  assert.match(noAccount.stderr, /no account 999999999999/);
  const ok = adopt(legacy, server.accountId);
  assert.equal(ok.status, 0, ok.stderr);
  assert.deepEqual(JSON.parse(ok.stdout), { Bucket: legacy, Owner: server.accountId });
  const again = adopt(legacy, server.accountId);
  assert.equal(again.status, 1);
  assert.match(again.stderr, /already has a bucket/);
});

test('an IAM user\'s temporary credentials list and read the objects Ceph held before (boto3)', async () => {
  const session = credsOf(await new STSClient(sdkConfig(server, reader)).send(new GetSessionTokenCommand({ DurationSeconds: 900 })));
  assert.match(session.accessKeyId, /^ASIA/);
  const r = python(
    server,
    `
import boto3, json, hashlib, os, urllib.request
from botocore.config import Config
s3 = boto3.client('s3', endpoint_url=os.environ['ENDPOINT'], config=Config(signature_version='s3v4', s3={'addressing_style': 'path'}))
b = os.environ['BUCKET']
url = s3.generate_presigned_url('get_object', Params={'Bucket': b, 'Key': 'reports/2024/q2.csv'}, ExpiresIn=300)
presigned = urllib.request.urlopen(url).read().decode()
keys = [o['Key'] for o in s3.list_objects_v2(Bucket=b)['Contents']]
prefixes = [p['Prefix'] for p in s3.list_objects_v2(Bucket=b, Delimiter='/')['CommonPrefixes']]
bodies = {k: hashlib.sha256(s3.get_object(Bucket=b, Key=k)['Body'].read()).hexdigest() for k in keys}
head = s3.head_object(Bucket=b, Key='reports/2024/q1.csv')
ranged = s3.get_object(Bucket=b, Key='large.bin', Range='bytes=100-199')
print(json.dumps({'keys': keys, 'prefixes': prefixes, 'bodies': bodies, 'meta': head['Metadata'], 'type': head['ContentType'],
  'range': ranged['ContentRange'], 'rangeSha': hashlib.sha256(ranged['Body'].read()).hexdigest(), 'presigned': presigned}))
`,
    session,
    { BUCKET: legacy },
  );
  assert.equal(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout) as { keys: string[]; prefixes: string[]; bodies: Record<string, string>; meta: Record<string, string>; type: string; range: string; rangeSha: string; presigned: string };
  assert.deepEqual(out.keys, [...before2024.keys()].sort());
  assert.deepEqual(out.prefixes, ['images/', 'reports/']);
  for (const [k, body] of before2024) assert.equal(out.bodies[k], sha(body), k);
  assert.deepEqual(out.meta, { origin: 'ceph' });
  assert.equal(out.type, 'application/x-legacy');
  const large = before2024.get('large.bin')!;
  assert.equal(out.range, `bytes 100-199/${large.length}`);
  assert.equal(out.rangeSha, sha(large.subarray(100, 200)));
  // A presigned URL made with the temporary credentials: the signature is Tessera's to check, not Ceph's.
  assert.equal(out.presigned, before2024.get('reports/2024/q2.csv')!.toString());
});

test('refused without permission: a user with no policy, the reader\'s write, a Deny in Tessera\'s bucket policy', async () => {
  const session = credsOf(await new STSClient(sdkConfig(server, nobody)).send(new GetSessionTokenCommand({})));
  await rejects(s3As(session).send(new ListObjectsV2Command({ Bucket: legacy })), 'AccessDenied', 403);
  await rejects(s3As(session).send(new GetObjectCommand({ Bucket: legacy, Key: 'reports/2024/q1.csv' })), 'AccessDenied', 403);
  await rejects(s3As(reader).send(new PutObjectCommand({ Bucket: legacy, Key: 'reports/forged.csv', Body: 'x' })), 'AccessDenied', 403);
  await rejects(direct.send(new HeadObjectCommand({ Bucket: legacy, Key: 'reports/forged.csv' })), 'NotFound', 404);
  await s3As(server.root).send(
    new PutBucketPolicyCommand({ Bucket: legacy, Policy: doc({ Effect: 'Deny', Principal: { AWS: `arn:aws:iam::${server.accountId}:user/reader` }, Action: 's3:GetObject', Resource: `arn:aws:s3:::${legacy}/reports/2024/q2.csv` }) }),
  );
  await rejects(s3As(reader).send(new GetObjectCommand({ Bucket: legacy, Key: 'reports/2024/q2.csv' })), 'AccessDenied', 403);
  assert.equal((await bytesOf(await s3As(reader).send(new GetObjectCommand({ Bucket: legacy, Key: 'reports/2024/q1.csv' })))).toString(), 'region,total\neu,1\n');
});

test('written through Tessera (aws CLI, multipart included): Ceph\'s own objects, readable straight from Ceph; a delete removes them there', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tessera-gw-'));
  try {
    const file = join(dir, 'upload.bin');
    const data = randomBytes(12 * 1024 * 1024 + 5);
    writeFileSync(file, data);
    const cp = awsCli(server, ['--endpoint-url', server.url, 's3', 'cp', file, `s3://${legacy}/uploads/upload.bin`, '--metadata', 'via=tessera'], writer);
    assert.equal(cp.status, 0, cp.stderr);
    const fromCeph = await direct.send(new GetObjectCommand({ Bucket: legacy, Key: 'uploads/upload.bin' }));
    assert.equal(sha(await bytesOf(fromCeph)), sha(data), 'the bytes on Ceph are the bytes sent');
    assert.deepEqual(fromCeph.Metadata, { via: 'tessera' });
    assert.match(fromCeph.ETag!, /-2"$/, 'a multipart upload on Ceph too');
    await s3As(writer).send(new PutObjectCommand({ Bucket: legacy, Key: 'uploads/small é.txt', Body: 'small through tessera', ContentType: 'text/plain' }));
    const small = await direct.send(new GetObjectCommand({ Bucket: legacy, Key: 'uploads/small é.txt' }));
    assert.equal((await bytesOf(small)).toString(), 'small through tessera');
    assert.equal(small.ContentType, 'text/plain');
    await s3As(writer).send(new PutObjectCommand({ Bucket: legacy, Key: 'uploads/packed.gz', Body: randomBytes(100), ContentEncoding: 'gzip' }));
    assert.equal((await direct.send(new HeadObjectCommand({ Bucket: legacy, Key: 'uploads/packed.gz' }))).ContentEncoding, 'gzip');
    const back = awsCli(server, ['--endpoint-url', server.url, 's3', 'cp', `s3://${legacy}/uploads/upload.bin`, join(dir, 'back.bin')], writer);
    assert.equal(back.status, 0, back.stderr);
    assert.equal(sha(readFileSync(join(dir, 'back.bin'))), sha(data));
    const rm = awsCli(server, ['--endpoint-url', server.url, 's3', 'rm', `s3://${legacy}/uploads/upload.bin`], writer);
    assert.equal(rm.status, 0, rm.stderr);
    await rejects(direct.send(new HeadObjectCommand({ Bucket: legacy, Key: 'uploads/upload.bin' })), 'NotFound', 404);
    // DeleteObjects: the CLI's recursive rm removes the rest on Ceph; the reader's keys are each refused.
    const refusedAll = await s3As(reader).send(new DeleteObjectsCommand({ Bucket: legacy, Delete: { Objects: [{ Key: 'uploads/packed.gz' }, { Key: 'reports/2024/q1.csv' }] } }));
    assert.deepEqual(refusedAll.Errors!.map((e) => [e.Key, e.Code]).sort(), [['reports/2024/q1.csv', 'AccessDenied'], ['uploads/packed.gz', 'AccessDenied']]);
    assert.equal(refusedAll.Deleted, undefined);
    await direct.send(new HeadObjectCommand({ Bucket: legacy, Key: 'uploads/packed.gz' }));
    const rmAll = awsCli(server, ['--endpoint-url', server.url, 's3', 'rm', `s3://${legacy}/uploads/`, '--recursive'], writer);
    assert.equal(rmAll.status, 0, rmAll.stderr);
    assert.equal((await direct.send(new ListObjectsV2Command({ Bucket: legacy, Prefix: 'uploads/' }))).KeyCount, 0, 'nothing left under uploads/ on Ceph');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('CreateBucket and DeleteBucket through Tessera are Ceph\'s; versioning passes through; what is not forwarded is NotImplemented', async () => {
  const root = s3As(server.root);
  await root.send(new CreateBucketCommand({ Bucket: made }));
  await direct.send(new HeadBucketCommand({ Bucket: made }));
  await root.send(new PutBucketVersioningCommand({ Bucket: made, VersioningConfiguration: { Status: 'Enabled' } }));
  assert.equal((await direct.send(new GetBucketVersioningCommand({ Bucket: made }))).Status, 'Enabled');
  const v1 = await root.send(new PutObjectCommand({ Bucket: made, Key: 'k', Body: 'one' }));
  const v2 = await root.send(new PutObjectCommand({ Bucket: made, Key: 'k', Body: 'two' }));
  assert.ok(v1.VersionId && v2.VersionId && v1.VersionId !== v2.VersionId);
  const versions = await root.send(new ListObjectVersionsCommand({ Bucket: made }));
  assert.deepEqual(versions.Versions!.map((v) => [v.Key, v.VersionId, v.IsLatest]), [['k', v2.VersionId, true], ['k', v1.VersionId, false]]);
  assert.equal((await bytesOf(await root.send(new GetObjectCommand({ Bucket: made, Key: 'k', VersionId: v1.VersionId })))).toString(), 'one');
  // Ceph's own version ids in a copy source and in DeleteObjects' entries; s3:versionid is the id itself.
  const versioner = s3As(
    await userWithKey(new IAMClient(sdkConfig(server)), 'versioner', [
      { Effect: 'Allow', Action: ['s3:GetObject', 's3:GetObjectVersion', 's3:PutObject', 's3:DeleteObject', 's3:DeleteObjectVersion', 's3:ListBucketVersions'], Resource: [`arn:aws:s3:::${made}`, `arn:aws:s3:::${made}/*`] },
      { Effect: 'Deny', Action: 's3:DeleteObjectVersion', Resource: `arn:aws:s3:::${made}/*`, Condition: { StringEquals: { 's3:versionid': v2.VersionId } } },
    ]),
  );
  await versioner.send(new CopyObjectCommand({ Bucket: made, Key: 'k-copy', CopySource: `${made}/k?versionId=${encodeURIComponent(v1.VersionId!)}` }));
  assert.equal((await bytesOf(await direct.send(new GetObjectCommand({ Bucket: made, Key: 'k-copy' })))).toString(), 'one', 'the copy of version one, on Ceph');
  const deleted = await versioner.send(new DeleteObjectsCommand({ Bucket: made, Delete: { Objects: [{ Key: 'k', VersionId: v1.VersionId }, { Key: 'k', VersionId: v2.VersionId }] } }));
  assert.deepEqual(deleted.Deleted!.map((d) => [d.Key, d.VersionId]), [['k', v1.VersionId]]);
  assert.deepEqual(deleted.Errors!.map((e) => [e.Key, e.VersionId, e.Code]), [['k', v2.VersionId, 'AccessDenied']]);
  const left = await versioner.send(new ListObjectVersionsCommand({ Bucket: made, Prefix: 'k' }));
  assert.deepEqual(left.Versions!.map((v) => [v.Key, v.VersionId]).filter(([k]) => k === 'k'), [['k', v2.VersionId]]);
  await rejects(versioner.send(new GetObjectCommand({ Bucket: made, Key: 'k', VersionId: 'not a version <id>' })), 'InvalidArgument', 400);
  await rejects(root.send(new PutObjectAclCommand({ Bucket: made, Key: 'k', ACL: 'public-read' })), 'NotImplemented', 501);
  await rejects(root.send(new DeleteBucketCommand({ Bucket: made })), 'BucketNotEmpty', 409);
  const empty = cephBucket('empty');
  await root.send(new CreateBucketCommand({ Bucket: empty }));
  await root.send(new DeleteBucketCommand({ Bucket: empty }));
  await rejects(direct.send(new HeadBucketCommand({ Bucket: empty })), 'NotFound', 404);
  await rejects(root.send(new HeadBucketCommand({ Bucket: empty })), 'NotFound', 404);
});

test('a role\'s session with a session policy: only what the session policy also allows is forwarded', async () => {
  const iam = new IAMClient(sdkConfig(server));
  const trust = doc({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${server.accountId}:user/writer` }, Action: 'sts:AssumeRole' });
  await iam.send(new CreateRoleCommand({ RoleName: 'gw-readers', AssumeRolePolicyDocument: trust }));
  await iam.send(
    new PutRolePolicyCommand({ RoleName: 'gw-readers', PolicyName: 'read', PolicyDocument: doc({ Effect: 'Allow', Action: ['s3:GetObject', 's3:ListBucket'], Resource: [`arn:aws:s3:::${legacy}`, `arn:aws:s3:::${legacy}/*`] }) }),
  );
  const sessionPolicy = doc({ Effect: 'Allow', Action: 's3:GetObject', Resource: `arn:aws:s3:::${legacy}/reports/*` });
  let creds: Creds | undefined;
  for (let i = 0; i < 50 && !creds; i++) {
    creds = await new STSClient(sdkConfig(server, writer))
      .send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${server.accountId}:role/gw-readers`, RoleSessionName: 'narrow', Policy: sessionPolicy }))
      .then(credsOf, () => undefined);
  }
  assert.ok(creds, 'the role can be assumed');
  const s3 = s3As(creds);
  assert.equal((await bytesOf(await s3.send(new GetObjectCommand({ Bucket: legacy, Key: 'reports/2024/q1.csv' })))).toString(), 'region,total\neu,1\n');
  await rejects(s3.send(new GetObjectCommand({ Bucket: legacy, Key: 'large.bin' })), 'AccessDenied', 403);
  await rejects(s3.send(new ListObjectsV2Command({ Bucket: legacy })), 'AccessDenied', 403);
  // A missing key: NoSuchKey only to a caller allowed s3:ListBucket (the reader); AccessDenied to this session.
  await rejects(s3.send(new GetObjectCommand({ Bucket: legacy, Key: 'reports/absent.csv' })), 'AccessDenied', 403);
  await rejects(s3As(reader).send(new GetObjectCommand({ Bucket: legacy, Key: 'reports/absent.csv' })), 'NoSuchKey', 404);
});

test('a body that does not match its signed SHA-256 is refused and never reaches Ceph', async () => {
  const url = new URL(server.url);
  const path = `/${legacy}/tampered.txt`;
  const signed = await new SignatureV4({ service: 's3', region: 'us-east-1', credentials: writer, sha256: Sha256, uriEscapePath: false, applyChecksum: false }).sign({
    method: 'PUT',
    protocol: 'http:',
    hostname: url.hostname,
    port: Number(url.port),
    path,
    headers: { host: url.host, 'x-amz-content-sha256': sha(Buffer.from('the body that was signed')) },
  });
  const res = await fetch(`${server.url}${path}`, { method: 'PUT', headers: signed.headers, body: 'a body nobody ever signed' });
  assert.equal(res.status, 400);
  assert.match(await res.text(), /<Code>XAmzContentSHA256Mismatch<\/Code>/);
  await rejects(direct.send(new HeadObjectCommand({ Bucket: legacy, Key: 'tampered.txt' })), 'NotFound', 404);
});
