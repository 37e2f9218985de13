/**
 * S3 enforcement end to end: bucket policies (a Deny beats the root's and an identity policy's Allow;
 * Principal "*", users, accounts), anonymous requests allowed only where a bucket policy allows them,
 * identity policies of IAM users with S3 condition keys, and the cross-account rule (the bucket owner's
 * policy AND the caller's identity side must both allow).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { AssumeRoleCommand, GetSessionTokenCommand, STSClient } from '@aws-sdk/client-sts';
import { AttachRolePolicyCommand, CreateAccessKeyCommand, CreateRoleCommand, CreateUserCommand, IAMClient, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import {
  CreateBucketCommand,
  DeleteBucketPolicyCommand,
  DeletePublicAccessBlockCommand,
  GetBucketPolicyCommand,
  GetObjectCommand,
  ListBucketsCommand,
  ListObjectsV2Command,
  PutBucketPolicyCommand,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { python, sdkConfig, type Creds } from '../helpers/clients.js';
import { startServer, tesseraBin, type TestServer } from '../helpers/server.js';

let server: TestServer;
let dataDir: string;
let root: S3Client;
const clients: Array<{ destroy(): void }> = [];

const s3For = (c: Creds) => {
  const s = new S3Client({ ...sdkConfig(server, c), forcePathStyle: true });
  clients.push(s);
  return s;
};
const iamFor = (c: Creds) => {
  const s = new IAMClient(sdkConfig(server, c));
  clients.push(s);
  return s;
};

before(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'tessera-s3-policy-'));
  server = await startServer({ dataDir });
  root = s3For(server.root);
});
after(async () => {
  for (const c of clients) c.destroy();
  await server?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

async function denied(p: Promise<unknown>, code = 'AccessDenied') {
  try {
    await p;
  } catch (e) {
    assert.equal((e as S3ServiceException).name, code, (e as Error).message);
    assert.equal((e as S3ServiceException).$metadata.httpStatusCode, code === 'AccessDenied' ? 403 : (e as S3ServiceException).$metadata.httpStatusCode);
    return;
  }
  assert.fail(`expected ${code}`);
}

const body = async (p: Promise<{ Body?: unknown }>) =>
  Buffer.from(await ((await p).Body as { transformToByteArray(): Promise<Uint8Array> }).transformToByteArray()).toString();

/** A GET with a chosen Host header (fetch does not let one set it). */
function rawGet(port: number, path: string, host: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path, headers: { Host: host } }, (res) => {
      let b = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (b += d));
      res.on('end', () => resolve({ status: res.statusCode!, body: b }));
    });
    req.on('error', reject);
    req.end();
  });
}

const policy = (...Statement: object[]) => JSON.stringify({ Version: '2012-10-17', Statement });

async function newUser(iam: IAMClient, name: string, doc?: string): Promise<Creds & { arn: string }> {
  const u = await iam.send(new CreateUserCommand({ UserName: name }));
  if (doc) await iam.send(new PutUserPolicyCommand({ UserName: name, PolicyName: 'p', PolicyDocument: doc }));
  const k = await iam.send(new CreateAccessKeyCommand({ UserName: name }));
  return { accessKeyId: k.AccessKey!.AccessKeyId!, secretAccessKey: k.AccessKey!.SecretAccessKey!, arn: u.User!.Arn! };
}

describe('bucket policies and the root', () => {
  const B = 'pol-root';
  before(async () => {
    await root.send(new CreateBucketCommand({ Bucket: B }));
    await root.send(new PutObjectCommand({ Bucket: B, Key: 'secret/a', Body: 'secret' }));
    await root.send(new PutObjectCommand({ Bucket: B, Key: 'open/a', Body: 'open' }));
  });

  test('a Deny in the bucket policy beats the root; the root can still read and remove the policy', async () => {
    const doc = policy({ Effect: 'Deny', Principal: '*', Action: 's3:GetObject', Resource: `arn:aws:s3:::${B}/secret/*` });
    await root.send(new PutBucketPolicyCommand({ Bucket: B, Policy: doc }));
    await denied(root.send(new GetObjectCommand({ Bucket: B, Key: 'secret/a' })));
    assert.equal(await body(root.send(new GetObjectCommand({ Bucket: B, Key: 'open/a' }))), 'open');
    assert.equal((await root.send(new GetBucketPolicyCommand({ Bucket: B }))).Policy, doc);
    await root.send(new DeleteBucketPolicyCommand({ Bucket: B }));
    assert.equal(await body(root.send(new GetObjectCommand({ Bucket: B, Key: 'secret/a' }))), 'secret');
    await denied(root.send(new GetBucketPolicyCommand({ Bucket: B })), 'NoSuchBucketPolicy');
  });

  test('a malformed or foreign-resource policy is MalformedPolicy', async () => {
    await denied(root.send(new PutBucketPolicyCommand({ Bucket: B, Policy: '{"Version":"2012-10-17"' })), 'MalformedPolicy');
    await denied(
      root.send(new PutBucketPolicyCommand({ Bucket: B, Policy: policy({ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::other-bucket/*' }) })),
      'MalformedPolicy',
    );
  });
});

describe('anonymous requests', () => {
  const B = 'pol-anon';
  before(async () => {
    await root.send(new CreateBucketCommand({ Bucket: B }));
    // New buckets block public policies (S3's default); this suite is about what a public policy allows.
    await root.send(new DeletePublicAccessBlockCommand({ Bucket: B }));
    await root.send(new PutObjectCommand({ Bucket: B, Key: 'public/a.txt', Body: 'public' }));
    await root.send(new PutObjectCommand({ Bucket: B, Key: 'private/b.txt', Body: 'private' }));
    await root.send(new PutObjectCommand({ Bucket: B, Key: '_health', Body: 'a key, not the health check' }));
  });

  test('refused without a policy; allowed only where the bucket policy allows Principal "*"', async () => {
    let r = await fetch(`${server.url}/${B}/public/a.txt`);
    assert.equal(r.status, 403);
    assert.match(await r.text(), /<Code>AccessDenied<\/Code>/);
    await root.send(
      new PutBucketPolicyCommand({
        Bucket: B,
        Policy: policy({ Sid: 'Public', Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: [`arn:aws:s3:::${B}/public/*`, `arn:aws:s3:::${B}/_health`] }),
      }),
    );
    r = await fetch(`${server.url}/${B}/public/a.txt`);
    assert.equal(r.status, 200);
    assert.equal(await r.text(), 'public');
    r = await fetch(`${server.url}/${B}/private/b.txt`);
    assert.equal(r.status, 403);
    await r.text();
    r = await fetch(`${server.url}/${B}?list-type=2`);
    assert.equal(r.status, 403);
    await r.text();
    r = await fetch(`${server.url}/${B}/public/new.txt`, { method: 'PUT', body: 'x' });
    assert.equal(r.status, 403);
    await r.text();
    r = await fetch(`${server.url}/`);
    assert.equal(r.status, 403);
    await r.text();
    // A missing key under an allowed prefix: AccessDenied, not NoSuchKey, to a caller who may not list.
    r = await fetch(`${server.url}/${B}/public/missing.txt`);
    assert.equal(r.status, 403);
    await r.text();
    // Virtual-hosted style reaches the same object.
    const vh = await rawGet(server.port, '/public/a.txt', `${B}.localhost:${server.port}`);
    assert.equal(vh.status, 200);
    assert.equal(vh.body, 'public');
    assert.equal((await rawGet(server.port, '/private/b.txt', `${B}.localhost:${server.port}`)).status, 403);
    // Tessera's own /_ paths do not shadow keys of a virtual-hosted bucket.
    assert.equal((await rawGet(server.port, '/_health', `${B}.localhost:${server.port}`)).body, 'a key, not the health check');
    assert.match((await rawGet(server.port, '/_health', `127.0.0.1:${server.port}`)).body, /"status":"ok"/);
  });
});

describe('IAM users: identity policies, condition keys, bucket policies naming users', () => {
  const B = 'pol-users';
  let iam: IAMClient;
  before(async () => {
    iam = iamFor(server.root);
    await root.send(new CreateBucketCommand({ Bucket: B }));
    for (const k of ['home/alice/1', 'home/bob/1', 'shared/1']) await root.send(new PutObjectCommand({ Bucket: B, Key: k, Body: k }));
  });

  test('an identity Allow lets a user read; no Allow is AccessDenied; a bucket-policy Deny beats the identity Allow', async () => {
    const alice = await newUser(
      iam,
      'alice',
      policy(
        { Effect: 'Allow', Action: ['s3:GetObject'], Resource: `arn:aws:s3:::${B}/*` },
        { Effect: 'Allow', Action: 's3:ListBucket', Resource: `arn:aws:s3:::${B}`, Condition: { StringLike: { 's3:prefix': 'home/${aws:username}/*' } } },
      ),
    );
    const s3 = s3For(alice);
    assert.equal(await body(s3.send(new GetObjectCommand({ Bucket: B, Key: 'shared/1' }))), 'shared/1');
    await denied(s3.send(new PutObjectCommand({ Bucket: B, Key: 'shared/2', Body: 'x' })));
    await denied(s3.send(new ListBucketsCommand({})));
    // s3:prefix with a policy variable.
    const l = await s3.send(new ListObjectsV2Command({ Bucket: B, Prefix: 'home/alice/' }));
    assert.deepEqual(l.Contents!.map((c) => c.Key), ['home/alice/1']);
    await denied(s3.send(new ListObjectsV2Command({ Bucket: B, Prefix: 'home/bob/' })));
    await denied(s3.send(new ListObjectsV2Command({ Bucket: B })));
    // The bucket policy denies alice: it wins over her identity Allow.
    await root.send(
      new PutBucketPolicyCommand({ Bucket: B, Policy: policy({ Effect: 'Deny', Principal: { AWS: alice.arn }, Action: 's3:GetObject', Resource: `arn:aws:s3:::${B}/shared/*` }) }),
    );
    await denied(s3.send(new GetObjectCommand({ Bucket: B, Key: 'shared/1' })));
    assert.equal(await body(s3.send(new GetObjectCommand({ Bucket: B, Key: 'home/alice/1' }))), 'home/alice/1');
    await root.send(new DeleteBucketPolicyCommand({ Bucket: B }));
  });

  test('s3:ListAllMyBuckets on "arn:aws:s3:::*" (seed 000) lets a user list buckets; on one bucket it does not', async () => {
    const lister = await newUser(iam, 'lister', policy({ Effect: 'Allow', Action: 's3:ListAllMyBuckets', Resource: 'arn:aws:s3:::*' }));
    const names = ((await s3For(lister).send(new ListBucketsCommand({}))).Buckets ?? []).map((b) => b.Name);
    assert.ok(names.includes(B));
    const narrow = await newUser(iam, 'narrow', policy({ Effect: 'Allow', Action: 's3:ListAllMyBuckets', Resource: `arn:aws:s3:::${B}` }));
    await denied(s3For(narrow).send(new ListBucketsCommand({})));
  });

  test('temporary credentials (GetSessionToken) list buckets and objects (seeds 003, 004)', async () => {
    const sts = new STSClient(sdkConfig(server, server.root));
    clients.push(sts);
    const t = await sts.send(new GetSessionTokenCommand({ DurationSeconds: 900 }));
    const c = t.Credentials!;
    const s3 = s3For({ accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken! });
    assert.ok(((await s3.send(new ListBucketsCommand({}))).Buckets ?? []).some((b) => b.Name === B));
    const l = await s3.send(new ListObjectsV2Command({ Bucket: B, Prefix: 'shared/' }));
    assert.deepEqual(l.Contents!.map((o) => o.Key), ['shared/1']);
    // A tampered session token is refused.
    const bad = s3For({ accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken!.slice(0, -8) + 'AAAAAAAA' });
    try {
      await bad.send(new ListBucketsCommand({}));
      assert.fail('tampered token accepted');
    } catch (e) {
      assert.equal((e as S3ServiceException).name, 'InvalidToken', (e as Error).message);
      assert.equal((e as S3ServiceException).$metadata.httpStatusCode, 400);
    }
  });

  test('a bucket policy naming a user allows her without any identity policy (same account)', async () => {
    const carol = await newUser(iam, 'carol');
    const s3 = s3For(carol);
    await denied(s3.send(new GetObjectCommand({ Bucket: B, Key: 'shared/1' })));
    await root.send(
      new PutBucketPolicyCommand({ Bucket: B, Policy: policy({ Effect: 'Allow', Principal: { AWS: carol.arn }, Action: 's3:GetObject', Resource: `arn:aws:s3:::${B}/shared/*` }) }),
    );
    assert.equal(await body(s3.send(new GetObjectCommand({ Bucket: B, Key: 'shared/1' }))), 'shared/1');
    await denied(s3.send(new GetObjectCommand({ Bucket: B, Key: 'home/bob/1' })));
    await root.send(new DeleteBucketPolicyCommand({ Bucket: B }));
  });

  test('s3:x-amz-content-sha256 and s3:authType condition keys reach the policy', async () => {
    const dave = await newUser(
      iam,
      'dave',
      policy(
        { Effect: 'Allow', Action: ['s3:PutObject', 's3:GetObject'], Resource: `arn:aws:s3:::${B}/*` },
        { Effect: 'Deny', Action: 's3:PutObject', Resource: `arn:aws:s3:::${B}/*`, Condition: { StringEquals: { 's3:x-amz-content-sha256': 'UNSIGNED-PAYLOAD' } } },
        { Effect: 'Deny', Action: 's3:GetObject', Resource: `arn:aws:s3:::${B}/*`, Condition: { StringNotEquals: { 's3:authType': 'REST-HEADER' } } },
      ),
    );
    const s3 = s3For(dave);
    // The JS SDK over http signs the payload (or streams it signed): allowed.
    await s3.send(new PutObjectCommand({ Bucket: B, Key: 'dave/1', Body: 'signed' }));
    assert.equal(await body(s3.send(new GetObjectCommand({ Bucket: B, Key: 'dave/1' }))), 'signed');
  });
});

describe('roles and their sessions', () => {
  const B = 'pol-roles';
  test('AmazonS3ReadOnlyAccess on a role (seed 001); bucket policies naming a role or one session', async () => {
    const iam = iamFor(server.root);
    await root.send(new CreateBucketCommand({ Bucket: B }));
    await root.send(new PutObjectCommand({ Bucket: B, Key: 'doc', Body: 'for roles' }));
    const assumer = await newUser(iam, 'assumer', policy({ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }));
    const trust = policy({ Effect: 'Allow', Principal: { AWS: assumer.arn }, Action: 'sts:AssumeRole' });
    const reader = (await iam.send(new CreateRoleCommand({ RoleName: 'reader', AssumeRolePolicyDocument: trust }))).Role!;
    await iam.send(new AttachRolePolicyCommand({ RoleName: 'reader', PolicyArn: 'arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess' }));
    const bare = (await iam.send(new CreateRoleCommand({ RoleName: 'bare', AssumeRolePolicyDocument: trust }))).Role!;
    const sts = new STSClient(sdkConfig(server, assumer));
    clients.push(sts);
    const session = async (RoleArn: string, RoleSessionName: string) => {
      const c = (await sts.send(new AssumeRoleCommand({ RoleArn, RoleSessionName }))).Credentials!;
      return s3For({ accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken! });
    };
    // The managed read-only policy: list and read, never write.
    const ro = await session(reader.Arn!, 'ro');
    assert.ok(((await ro.send(new ListBucketsCommand({}))).Buckets ?? []).some((b) => b.Name === B));
    assert.equal(await body(ro.send(new GetObjectCommand({ Bucket: B, Key: 'doc' }))), 'for roles');
    await denied(ro.send(new PutObjectCommand({ Bucket: B, Key: 'x', Body: 'x' })));
    // A role without policies: nothing, until the bucket policy names one session, then the role.
    const alpha = await session(bare.Arn!, 'alpha');
    const beta = await session(bare.Arn!, 'beta');
    await denied(alpha.send(new GetObjectCommand({ Bucket: B, Key: 'doc' })));
    await root.send(
      new PutBucketPolicyCommand({
        Bucket: B,
        Policy: policy({ Effect: 'Allow', Principal: { AWS: `arn:aws:sts::${server.accountId}:assumed-role/bare/alpha` }, Action: 's3:GetObject', Resource: `arn:aws:s3:::${B}/*` }),
      }),
    );
    assert.equal(await body(alpha.send(new GetObjectCommand({ Bucket: B, Key: 'doc' }))), 'for roles');
    await denied(beta.send(new GetObjectCommand({ Bucket: B, Key: 'doc' })));
    await root.send(
      new PutBucketPolicyCommand({ Bucket: B, Policy: policy({ Effect: 'Allow', Principal: { AWS: bare.Arn! }, Action: 's3:GetObject', Resource: `arn:aws:s3:::${B}/*` }) }),
    );
    assert.equal(await body(beta.send(new GetObjectCommand({ Bucket: B, Key: 'doc' }))), 'for roles');
    // An explicit Deny for the read-only role's sessions beats its managed policy.
    await root.send(
      new PutBucketPolicyCommand({ Bucket: B, Policy: policy({ Effect: 'Deny', Principal: { AWS: reader.Arn! }, Action: 's3:GetObject', Resource: `arn:aws:s3:::${B}/*` }) }),
    );
    await denied(ro.send(new GetObjectCommand({ Bucket: B, Key: 'doc' })));
    await root.send(new DeleteBucketPolicyCommand({ Bucket: B }));
  });
});

describe('request condition keys in bucket policies', () => {
  const B = 'pol-conditions';
  before(async () => {
    await root.send(new CreateBucketCommand({ Bucket: B }));
    await root.send(new PutObjectCommand({ Bucket: B, Key: 'k', Body: 'conditional' }));
  });

  test('s3:signatureversion, s3:signatureAge, s3:authType and aws:SecureTransport decide presigned and header requests', () => {
    const script = (policyDoc: string) => `
import boto3, json, os, time, requests
from botocore.config import Config
ep = os.environ['ENDPOINT']
v2 = boto3.client('s3', endpoint_url=ep)
v4 = boto3.client('s3', endpoint_url=ep, config=Config(signature_version='s3v4'))
v4.put_bucket_policy(Bucket='${B}', Policy=${JSON.stringify(policyDoc)})
def status(u):
    return requests.get(u).status_code
def header_get():
    try:
        v4.get_object(Bucket='${B}', Key='k')['Body'].read()
        return 200
    except Exception as e:
        return e.response['ResponseMetadata']['HTTPStatusCode']
out = {}
out['v2'] = status(v2.generate_presigned_url('get_object', Params={'Bucket': '${B}', 'Key': 'k'}))
u = v4.generate_presigned_url('get_object', Params={'Bucket': '${B}', 'Key': 'k'})
out['v4'] = status(u)
out['header'] = header_get()
time.sleep(2.2)
out['v4_old'] = status(u)
v4.delete_bucket_policy(Bucket='${B}')
print(json.dumps(out))
`;
    const run = (doc: object) => {
      const r = python(server, script(JSON.stringify(doc)));
      assert.equal(r.status, 0, r.stderr);
      return JSON.parse(r.stdout) as Record<string, number>;
    };
    const deny = (Condition: object) => ({ Version: '2012-10-17', Statement: [{ Effect: 'Deny', Principal: '*', Action: 's3:GetObject', Resource: `arn:aws:s3:::${B}/*`, Condition }] });
    // Only SigV4: the SigV2 presigned URL is refused.
    assert.deepEqual(run(deny({ StringNotEquals: { 's3:signatureversion': 'AWS4-HMAC-SHA256' } })), { v2: 403, v4: 200, header: 200, v4_old: 200 });
    // Signatures older than 2 s (s3:signatureAge is in milliseconds) are refused.
    assert.deepEqual(run(deny({ NumericGreaterThan: { 's3:signatureAge': '2000' } })), { v2: 200, v4: 200, header: 200, v4_old: 403 });
    // No query-string authentication at all.
    assert.deepEqual(run(deny({ StringEquals: { 's3:authType': 'REST-QUERY-STRING' } })), { v2: 403, v4: 403, header: 200, v4_old: 403 });
    // Plain HTTP is refused when the policy demands TLS.
    assert.deepEqual(run(deny({ Bool: { 'aws:SecureTransport': 'false' } })), { v2: 403, v4: 403, header: 403, v4_old: 403 });
  });
});

describe('cross-account', () => {
  const B = 'pol-cross';
  let other: Creds & { accountId: string };
  before(async () => {
    const r = spawnSync(process.execPath, [tesseraBin, 'admin', 'create-account', '--data', dataDir, '--name', 'other'], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    const j = JSON.parse(r.stdout) as { AccountId: string; AccessKeyId: string; SecretAccessKey: string };
    other = { accountId: j.AccountId, accessKeyId: j.AccessKeyId, secretAccessKey: j.SecretAccessKey };
    await root.send(new CreateBucketCommand({ Bucket: B }));
    await root.send(new PutObjectCommand({ Bucket: B, Key: 'k', Body: 'cross' }));
  });

  test("another account's root: refused until the bucket policy allows its account; its buckets are its own", async () => {
    const s3 = s3For(other);
    await denied(s3.send(new GetObjectCommand({ Bucket: B, Key: 'k' })));
    assert.deepEqual((await s3.send(new ListBucketsCommand({}))).Buckets ?? [], []);
    await denied(s3.send(new CreateBucketCommand({ Bucket: B })), 'BucketAlreadyExists');
    await root.send(
      new PutBucketPolicyCommand({
        Bucket: B,
        Policy: policy({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${other.accountId}:root` }, Action: 's3:GetObject', Resource: `arn:aws:s3:::${B}/*` }),
      }),
    );
    assert.equal(await body(s3.send(new GetObjectCommand({ Bucket: B, Key: 'k' }))), 'cross');
    await denied(s3.send(new PutObjectCommand({ Bucket: B, Key: 'k2', Body: 'x' })));
  });

  test("a user of the other account needs its own identity Allow too (both sides must allow)", async () => {
    const iam = iamFor(other);
    const noPolicy = await newUser(iam, 'x-nopolicy');
    const withPolicy = await newUser(iam, 'x-withpolicy', policy({ Effect: 'Allow', Action: 's3:GetObject', Resource: `arn:aws:s3:::${B}/*` }));
    await denied(s3For(noPolicy).send(new GetObjectCommand({ Bucket: B, Key: 'k' })));
    assert.equal(await body(s3For(withPolicy).send(new GetObjectCommand({ Bucket: B, Key: 'k' }))), 'cross');
    // Identity Allow alone, without the bucket owner's policy, is not enough.
    await root.send(new DeleteBucketPolicyCommand({ Bucket: B }));
    await denied(s3For(withPolicy).send(new GetObjectCommand({ Bucket: B, Key: 'k' })));
  });
});
