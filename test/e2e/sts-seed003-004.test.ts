/**
 * Seed 003 (S3 developer guide: temporary credentials from GetSessionToken with DurationSeconds 7200 —
 * the .NET and PHP flows — and from AssumeRole for 900 s — Java and Ruby — then S3 listings), reproduced
 * with the AWS SDK for JavaScript v3 and boto3; the expiry of such credentials on a server whose clock is
 * moved past it. Seed 004 (DenyAllExceptListedIfNoMFA, then `aws sts get-session-token --serial-number
 * --token-code` and the three exported variables) with the aws CLI itself.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  AttachRolePolicyCommand,
  AttachUserPolicyCommand,
  CreateAccessKeyCommand,
  CreateRoleCommand,
  CreateUserCommand,
  IAMClient,
  PutUserPolicyCommand,
} from '@aws-sdk/client-iam';
import { CreateBucketCommand, ListBucketsCommand, ListObjectsCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { AssumeRoleCommand, GetSessionTokenCommand, STSClient } from '@aws-sdk/client-sts';
import { awsCli, python, sdkConfig, type Creds } from '../helpers/clients.js';
import { credsOf, enabledMfaDevice, keyCredsOf, oathtoolCode as code } from '../helpers/iam.js';
import { DENY_ALL_EXCEPT_LISTED_IF_NO_MFA } from '../helpers/seeds.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { doc } from '../helpers/aws-errors.js';

const s3Of = (server: TestServer, c: Creds, extra: object = {}) => new S3Client({ ...sdkConfig(server, c), forcePathStyle: true, ...extra });

describe('seed 003: temporary credentials for S3 requests', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'tessera-seed003-'));
  const root = { accessKeyId: 'AKIASEED003ROOT00001', secretAccessKey: 'seed003RootSecret/abcdefghijklmnopqrstuv' };
  const servers: TestServer[] = [];
  let server: TestServer;
  let near: TestServer;
  let past: TestServer;
  let user: Creds;
  let roleArn: string;
  before(async () => {
    server = await startServer({ dataDir, root });
    // Servers sharing the data directory and key ring, clocks 1 s short of and 1 s past 900 s ahead.
    near = await startServer({ dataDir, root, args: ['--unsafe-clock-offset', '899'] });
    past = await startServer({ dataDir, root, args: ['--unsafe-clock-offset', '901'] });
    servers.push(server, near, past);
    const iam = new IAMClient(sdkConfig(server, root));
    await iam.send(new CreateUserCommand({ UserName: 'dev' }));
    await iam.send(new AttachUserPolicyCommand({ UserName: 'dev', PolicyArn: 'arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess' }));
    await iam.send(new PutUserPolicyCommand({ UserName: 'dev', PolicyName: 'assume', PolicyDocument: doc([{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }]) }));
    const k = await iam.send(new CreateAccessKeyCommand({ UserName: 'dev' }));
    user = keyCredsOf(k);
    const r = await iam.send(
      new CreateRoleCommand({
        RoleName: 'AmazonS3ReadOnly',
        AssumeRolePolicyDocument: doc([{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${server.accountId}:user/dev` }, Action: 'sts:AssumeRole' }]),
      }),
    );
    roleArn = r.Role!.Arn!;
    await iam.send(new AttachRolePolicyCommand({ RoleName: 'AmazonS3ReadOnly', PolicyArn: 'arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess' }));
    const s3 = s3Of(server, root);
    await s3.send(new CreateBucketCommand({ Bucket: 'seed-003-bucket' }));
    for (const key of ['a.txt', 'b/c.txt']) await s3.send(new PutObjectCommand({ Bucket: 'seed-003-bucket', Key: key, Body: 'x' }));
  });
  after(async () => {
    for (const s of servers) await s.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  test('.NET / PHP flow (JS SDK): GetSessionToken DurationSeconds 7200, then ListObjects and ListBuckets', async () => {
    const t0 = Date.now();
    const r = await new STSClient(sdkConfig(server, user)).send(new GetSessionTokenCommand({ DurationSeconds: 7200 }));
    const secs = (r.Credentials!.Expiration!.getTime() - t0) / 1000;
    assert.ok(secs > 7190 && secs <= 7201, String(secs));
    const s3 = s3Of(server, credsOf(r));
    const objects = await s3.send(new ListObjectsCommand({ Bucket: 'seed-003-bucket' }));
    assert.deepEqual(objects.Contents!.map((o) => o.Key), ['a.txt', 'b/c.txt']);
    const buckets = await s3.send(new ListBucketsCommand({}));
    assert.ok(buckets.Buckets!.some((b) => b.Name === 'seed-003-bucket'));
  });

  test('Java / Ruby flow (JS SDK): AssumeRole for 900 s, then ListObjectsV2; expired after 900 s', async () => {
    const r = await new STSClient(sdkConfig(server, user)).send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'ReadAmazonS3Bucket', DurationSeconds: 900 }));
    const creds = credsOf(r);
    const v2 = await s3Of(server, creds).send(new ListObjectsV2Command({ Bucket: 'seed-003-bucket', MaxKeys: 50 }));
    assert.equal(v2.KeyCount, 2);
    // "Expired credentials get an error": the servers whose clocks run 899 s and 901 s ahead (the
    // client's clock moved alike, so only the token expires).
    const again = await s3Of(near, creds, { systemClockOffset: 899_000 }).send(new ListObjectsV2Command({ Bucket: 'seed-003-bucket' }));
    assert.equal(again.KeyCount, 2);
    await assert.rejects(s3Of(past, creds, { systemClockOffset: 901_000 }).send(new ListObjectsV2Command({ Bucket: 'seed-003-bucket' })), (e: Error & { name: string }) => {
      assert.equal(e.name, 'ExpiredToken');
      return true;
    });
  });

  test('boto3: get_session_token(DurationSeconds=7200) and assume_role(DurationSeconds=900), then list_objects', () => {
    const r = python(
      server,
      `
import boto3, json, os
sts = boto3.client('sts', endpoint_url=os.environ['ENDPOINT'])
out = {}
c = sts.get_session_token(DurationSeconds=7200)['Credentials']
s3 = boto3.client('s3', endpoint_url=os.environ['ENDPOINT'], aws_access_key_id=c['AccessKeyId'], aws_secret_access_key=c['SecretAccessKey'], aws_session_token=c['SessionToken'])
out['gst'] = [o['Key'] for o in s3.list_objects(Bucket='seed-003-bucket')['Contents']]
a = sts.assume_role(RoleArn=os.environ['ROLE'], RoleSessionName='ReadAmazonS3Bucket', DurationSeconds=900)['Credentials']
s3 = boto3.client('s3', endpoint_url=os.environ['ENDPOINT'], aws_access_key_id=a['AccessKeyId'], aws_secret_access_key=a['SecretAccessKey'], aws_session_token=a['SessionToken'])
out['ar'] = [o['Key'] for o in s3.list_objects_v2(Bucket='seed-003-bucket', MaxKeys=50)['Contents']]
print(json.dumps(out))
`,
      user,
      { ROLE: roleArn },
    );
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), { gst: ['a.txt', 'b/c.txt'], ar: ['a.txt', 'b/c.txt'] });
  });
});

describe('seed 004: the aws CLI, DenyAllExceptListedIfNoMFA, get-session-token with MFA', () => {
  let server: TestServer;
  before(async () => {
    server = await startServer();
  });
  after(async () => {
    await server?.stop();
  });

  test('aws s3 ls is denied until get-session-token with the MFA code and the three exported variables', async () => {
    const iam = new IAMClient(sdkConfig(server));
    await iam.send(new CreateUserCommand({ UserName: 'mfa_test' }));
    await iam.send(new AttachUserPolicyCommand({ UserName: 'mfa_test', PolicyArn: 'arn:aws:iam::aws:policy/AmazonS3FullAccess' }));
    await iam.send(new PutUserPolicyCommand({ UserName: 'mfa_test', PolicyName: 'Force_MFA', PolicyDocument: JSON.stringify(JSON.parse(DENY_ALL_EXCEPT_LISTED_IF_NO_MFA)) }));
    const k = await iam.send(new CreateAccessKeyCommand({ UserName: 'mfa_test' }));
    const user = keyCredsOf(k);
    const { serial, seed } = await enabledMfaDevice(iam, 'mfa_test', 'mfa_test');
    await s3Of(server, server.root).send(new CreateBucketCommand({ Bucket: 'seed-004-bucket' }));
    const env = { AWS_ENDPOINT_URL: server.url };

    const denied = awsCli(server, ['s3', 'ls'], user, env);
    assert.notEqual(denied.status, 0);
    assert.match(denied.stderr, /AccessDenied/);

    const gst = awsCli(server, ['sts', 'get-session-token', '--serial-number', serial, '--token-code', code(seed, 30), '--output', 'json'], user, env);
    assert.equal(gst.status, 0, gst.stderr);
    const c = JSON.parse(gst.stdout).Credentials;
    const secs = (Date.parse(c.Expiration) - Date.now()) / 1000;
    assert.ok(secs > 43_190 && secs <= 43_201, `default 12 h, got ${secs}`);

    // export AWS_ACCESS_KEY_ID=... AWS_SECRET_ACCESS_KEY=... AWS_SESSION_TOKEN=...
    const allowed = awsCli(server, ['s3', 'ls'], { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken }, env);
    assert.equal(allowed.status, 0, allowed.stderr);
    assert.match(allowed.stdout, /seed-004-bucket/);
  });
});
