/**
 * Bucket policies with NotPrincipal, end to end, as AWS's "NotPrincipal" page describes them:
 *  - NotPrincipal is for Deny. PutBucketPolicy refuses an Allow with NotPrincipal (MalformedPolicy), from
 *    boto3 and from the JS SDK, and nothing is stored: it could only ever mean "everyone but X", anonymous
 *    callers included.
 *  - Deny + NotPrincipal denies every caller except one whose identities are all listed: a user with its
 *    account; a role session with its session ARN, its role and its account. Listing only the user (or
 *    only the role) still denies it, as the page warns; anonymous callers are always denied.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { after, before, describe, test } from 'node:test';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { CreateAccessKeyCommand, CreateRoleCommand, CreateUserCommand, IAMClient, PutRolePolicyCommand, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import {
  CreateBucketCommand,
  DeletePublicAccessBlockCommand,
  GetBucketPolicyCommand,
  GetObjectCommand,
  PutBucketPolicyCommand,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { python, sdkConfig, type Creds } from '../helpers/clients.js';
import { startServer, type TestServer } from '../helpers/server.js';

let server: TestServer;
let dataDir: string;
const clients: Array<{ destroy(): void }> = [];
const B = 'notprincipal-bucket';
const OBJ = `arn:aws:s3:::${B}/*`;
const ALL = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['s3:*', 'sts:AssumeRole'], Resource: '*' }] });

const s3For = (c: Creds) => {
  const s = new S3Client({ ...sdkConfig(server, c), forcePathStyle: true });
  clients.push(s);
  return s;
};

let root: S3Client;
let acct: string;
let bob: { s3: S3Client; arn: string };
let eve: { s3: S3Client; arn: string };
let session: { s3: S3Client; arn: string; roleArn: string };
let otherSession: { s3: S3Client };

async function newUser(iam: IAMClient, name: string): Promise<{ creds: Creds; arn: string }> {
  const u = await iam.send(new CreateUserCommand({ UserName: name }));
  await iam.send(new PutUserPolicyCommand({ UserName: name, PolicyName: 'all', PolicyDocument: ALL }));
  const k = await iam.send(new CreateAccessKeyCommand({ UserName: name }));
  return { creds: { accessKeyId: k.AccessKey!.AccessKeyId!, secretAccessKey: k.AccessKey!.SecretAccessKey! }, arn: u.User!.Arn! };
}

before(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'tessera-notprincipal-'));
  // No request-path cache: one test writes the database behind the server's back, as an older version would have.
  server = await startServer({ dataDir, env: { TESSERA_CACHE_TTL_SECONDS: '0' } });
  acct = `arn:aws:iam::${server.accountId}:root`;
  root = s3For(server.root);
  const iam = new IAMClient(sdkConfig(server));
  clients.push(iam);
  // Every caller below may do anything by its identity policies: only the bucket policy's Deny decides.
  const b = await newUser(iam, 'bob');
  const e = await newUser(iam, 'eve');
  bob = { s3: s3For(b.creds), arn: b.arn };
  eve = { s3: s3For(e.creds), arn: e.arn };
  const role = await iam.send(
    new CreateRoleCommand({
      RoleName: 'Dev',
      AssumeRolePolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: server.accountId }, Action: 'sts:AssumeRole' }] }),
    }),
  );
  await iam.send(new PutRolePolicyCommand({ RoleName: 'Dev', PolicyName: 'all', PolicyDocument: ALL }));
  const sts = new STSClient(sdkConfig(server, b.creds));
  clients.push(sts);
  const assume = async (name: string) => {
    const r = await sts.send(new AssumeRoleCommand({ RoleArn: role.Role!.Arn!, RoleSessionName: name }));
    const c = r.Credentials!;
    return { s3: s3For({ accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken! }), arn: r.AssumedRoleUser!.Arn! };
  };
  session = { ...(await assume('alice')), roleArn: role.Role!.Arn! };
  otherSession = await assume('mallory');
  await root.send(new CreateBucketCommand({ Bucket: B }));
  // A new bucket blocks public policies (S3's default); these tests put public ones.
  await root.send(new DeletePublicAccessBlockCommand({ Bucket: B }));
  await root.send(new PutObjectCommand({ Bucket: B, Key: 'k', Body: 'secret' }));
});
after(async () => {
  for (const c of clients) c.destroy();
  await server?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

const policy = (...Statement: object[]) => JSON.stringify({ Version: '2012-10-17', Statement });
const denyAllBut = (...aws: string[]) => policy({ Effect: 'Deny', NotPrincipal: { AWS: aws }, Action: 's3:GetObject', Resource: OBJ });

async function reads(s3: S3Client): Promise<'read' | string> {
  try {
    await s3.send(new GetObjectCommand({ Bucket: B, Key: 'k' }));
    return 'read';
  } catch (e) {
    return `${(e as S3ServiceException).name} ${(e as S3ServiceException).$metadata.httpStatusCode}`;
  }
}
const DENIED = 'AccessDenied 403';

async function anonymousRead(): Promise<number> {
  return (await fetch(`${server.url}/${B}/k`)).status;
}

describe('Allow with NotPrincipal is refused', () => {
  test('PutBucketPolicy from the JS SDK: 400 MalformedPolicy, nothing stored', async () => {
    await root.send(new PutBucketPolicyCommand({ Bucket: B, Policy: denyAllBut(acct) }));
    const allowAllButBob = policy({ Effect: 'Allow', NotPrincipal: { AWS: [bob.arn] }, Action: 's3:GetObject', Resource: OBJ });
    await assert.rejects(root.send(new PutBucketPolicyCommand({ Bucket: B, Policy: allowAllButBob })), (e: S3ServiceException) => {
      assert.equal(e.name, 'MalformedPolicy');
      assert.equal(e.$metadata.httpStatusCode, 400);
      assert.equal(e.message, 'Invalid principal in policy');
      return true;
    });
    assert.equal((await root.send(new GetBucketPolicyCommand({ Bucket: B }))).Policy, denyAllBut(acct));
  });

  test('PutBucketPolicy from boto3, even next to a valid statement: MalformedPolicy', () => {
    const doc = policy(
      { Effect: 'Allow', Principal: { AWS: acct }, Action: 's3:ListBucket', Resource: `arn:aws:s3:::${B}` },
      { Effect: 'Allow', NotPrincipal: { AWS: [acct] }, Action: 's3:GetObject', Resource: OBJ },
    );
    const r = python(
      server,
      `
import boto3, json, os
from botocore.exceptions import ClientError
s3 = boto3.client('s3', endpoint_url=os.environ['ENDPOINT'])
try:
    s3.put_bucket_policy(Bucket='${B}', Policy=os.environ['DOC'])
    print(json.dumps({'ok': True}))
except ClientError as e:
    print(json.dumps({'status': e.response['ResponseMetadata']['HTTPStatusCode'], 'code': e.response['Error']['Code']}))
`,
      server.root,
      { DOC: doc },
    );
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), { status: 400, code: 'MalformedPolicy' });
  });

  test('a policy stored before the refusal (Allow + NotPrincipal) grants nothing, not even to anonymous callers', async () => {
    // Written straight into the database, as an older Tessera would have stored it.
    const legacy = policy({ Effect: 'Allow', NotPrincipal: { AWS: [bob.arn, acct] }, Action: 's3:GetObject', Resource: OBJ });
    const db = new Database(join(dataDir, 'tessera.db'));
    try {
      db.pragma('busy_timeout = 5000');
      assert.equal(db.prepare('UPDATE s3_buckets SET policy = ? WHERE name = ?').run(legacy, B).changes, 1);
    } finally {
      db.close();
    }
    assert.equal((await root.send(new GetBucketPolicyCommand({ Bucket: B }))).Policy, legacy);
    assert.equal(await anonymousRead(), 403);
  });
});

describe('Deny with NotPrincipal', () => {
  test('listing a user and its account exempts that user only', async () => {
    await root.send(new PutBucketPolicyCommand({ Bucket: B, Policy: denyAllBut(bob.arn, acct) }));
    assert.equal(await reads(bob.s3), 'read');
    assert.equal(await reads(root), 'read', 'the account root is the listed account');
    assert.equal(await reads(eve.s3), DENIED);
    assert.equal(await reads(session.s3), DENIED);
  });

  test('listing a user without its account denies that user too (the page: "you must also specify the account ARN")', async () => {
    await root.send(new PutBucketPolicyCommand({ Bucket: B, Policy: denyAllBut(bob.arn) }));
    assert.equal(await reads(bob.s3), DENIED);
    assert.equal(await reads(eve.s3), DENIED);
  });

  test('a role session is exempt only with its session ARN, its role and its account listed', async () => {
    await root.send(new PutBucketPolicyCommand({ Bucket: B, Policy: denyAllBut(session.arn, session.roleArn, acct) }));
    assert.equal(await reads(session.s3), 'read');
    assert.equal(await reads(otherSession.s3), DENIED, 'another session of the same role');
    assert.equal(await reads(bob.s3), DENIED);

    await root.send(new PutBucketPolicyCommand({ Bucket: B, Policy: denyAllBut(session.roleArn, acct) }));
    assert.equal(await reads(session.s3), DENIED, 'role and account without the session');
    await root.send(new PutBucketPolicyCommand({ Bucket: B, Policy: denyAllBut(session.arn, acct) }));
    assert.equal(await reads(session.s3), DENIED, 'session and account without the role');
    await root.send(new PutBucketPolicyCommand({ Bucket: B, Policy: denyAllBut(session.arn, session.roleArn) }));
    assert.equal(await reads(session.s3), DENIED, 'session and role without the account');
  });

  test('anonymous callers are denied even where another statement makes the object public', async () => {
    const doc = policy(
      { Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: OBJ },
      { Effect: 'Deny', NotPrincipal: { AWS: [bob.arn, acct] }, Action: 's3:GetObject', Resource: OBJ },
    );
    await root.send(new PutBucketPolicyCommand({ Bucket: B, Policy: doc }));
    assert.equal(await anonymousRead(), 403);
    assert.equal(await reads(bob.s3), 'read');
    // Without the Deny the object is public: the 403 above is the NotPrincipal Deny's.
    await root.send(new PutBucketPolicyCommand({ Bucket: B, Policy: policy({ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: OBJ }) }));
    assert.equal(await anonymousRead(), 200);
  });
});
