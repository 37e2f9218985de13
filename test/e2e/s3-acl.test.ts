/**
 * S3 ACLs, Object Ownership and Block Public Access end to end: the AWS SDK for JavaScript v3, boto3 and
 * the aws CLI against a real server; anonymous access by plain HTTP. AWS's defaults for new buckets
 * (BucketOwnerEnforced, all four Block Public Access settings on), each operation's AWS error, ACL grants in
 * authorization (IgnorePublicAcls, a Deny in the bucket policy still wins), BlockPublicPolicy and
 * RestrictPublicBuckets, GetBucketPolicyStatus, and the s3:x-amz-acl condition key.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { CreateAccessKeyCommand, CreateUserCommand, IAMClient, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import {
  CreateBucketCommand,
  DeleteBucketOwnershipControlsCommand,
  DeletePublicAccessBlockCommand,
  GetBucketAclCommand,
  GetBucketOwnershipControlsCommand,
  GetBucketPolicyStatusCommand,
  GetObjectAclCommand,
  GetObjectCommand,
  GetPublicAccessBlockCommand,
  ListBucketsCommand,
  PutBucketAclCommand,
  PutBucketOwnershipControlsCommand,
  PutBucketPolicyCommand,
  PutBucketVersioningCommand,
  PutObjectAclCommand,
  PutObjectCommand,
  PutPublicAccessBlockCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { rejects } from '../helpers/aws-errors.js';
import { awsCli, python, sdkConfig, type Creds } from '../helpers/clients.js';
import { startServer, tesseraBin, type TestServer } from '../helpers/server.js';

let server: TestServer;
let dataDir: string;
let root: S3Client;
const clients: Array<{ destroy(): void }> = [];
const ALL_USERS = 'http://acs.amazonaws.com/groups/global/AllUsers';

const s3For = (c: Creds) => {
  const s = new S3Client({ ...sdkConfig(server, c), forcePathStyle: true });
  clients.push(s);
  return s;
};

before(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'tessera-s3-acl-'));
  server = await startServer({ dataDir });
  root = s3For(server.root);
});
after(async () => {
  for (const c of clients) c.destroy();
  await server?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

const policy = (...Statement: object[]) => JSON.stringify({ Version: '2012-10-17', Statement });
const anonGet = async (path: string) => {
  const r = await fetch(`${server.url}/${path}`);
  return { status: r.status, body: await r.text() };
};

/** A bucket with ACLs enabled (ObjectWriter) and no public access block. */
async function aclBucket(name: string) {
  await root.send(new CreateBucketCommand({ Bucket: name, ObjectOwnership: 'ObjectWriter' }));
  await root.send(new DeletePublicAccessBlockCommand({ Bucket: name }));
}

describe('a new bucket: BucketOwnerEnforced and every public access block setting on', () => {
  const B = 'acl-default';
  before(() => root.send(new CreateBucketCommand({ Bucket: B })));

  test('GetBucketOwnershipControls and GetPublicAccessBlock answer AWS defaults', async () => {
    const oc = await root.send(new GetBucketOwnershipControlsCommand({ Bucket: B }));
    assert.deepEqual(oc.OwnershipControls?.Rules, [{ ObjectOwnership: 'BucketOwnerEnforced' }]);
    const pab = await root.send(new GetPublicAccessBlockCommand({ Bucket: B }));
    assert.deepEqual(pab.PublicAccessBlockConfiguration, { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true });
  });

  test('ACLs are disabled: public-read refused with AccessControlListNotSupported; bucket-owner-full-control accepted', async () => {
    await rejects(root.send(new PutObjectCommand({ Bucket: B, Key: 'k', Body: 'x', ACL: 'public-read' })), 'AccessControlListNotSupported', 400, 'The bucket does not allow ACLs');
    await rejects(root.send(new PutBucketAclCommand({ Bucket: B, ACL: 'public-read' })), 'AccessControlListNotSupported', 400);
    await root.send(new PutObjectCommand({ Bucket: B, Key: 'k', Body: 'x', ACL: 'bucket-owner-full-control' }));
    await rejects(root.send(new PutObjectAclCommand({ Bucket: B, Key: 'k', ACL: 'public-read' })), 'AccessControlListNotSupported', 400);
    assert.equal((await anonGet(`${B}/k`)).status, 403);
    const acl = await root.send(new GetObjectAclCommand({ Bucket: B, Key: 'k' }));
    assert.equal(acl.Grants?.length, 1);
    assert.equal(acl.Grants?.[0]?.Permission, 'FULL_CONTROL');
    assert.equal(acl.Grants?.[0]?.Grantee?.ID, acl.Owner?.ID);
    assert.equal(acl.Grants?.[0]?.Grantee?.Type, 'CanonicalUser');
  });

  test('CreateBucket with a public ACL: InvalidBucketAclWithObjectOwnership, or AccessDenied (BlockPublicAcls) with ObjectWriter', async () => {
    await rejects(root.send(new CreateBucketCommand({ Bucket: 'acl-default-public', ACL: 'public-read' })), 'InvalidBucketAclWithObjectOwnership', 400);
    // With ACLs enabled, the new bucket's BlockPublicAcls still refuses a public ACL on CreateBucket.
    await rejects(root.send(new CreateBucketCommand({ Bucket: 'acl-default-public', ACL: 'public-read', ObjectOwnership: 'ObjectWriter' })), 'AccessDenied', 403);
    await rejects(root.send(new GetBucketAclCommand({ Bucket: 'acl-default-public' })), 'NoSuchBucket', 404);
  });
});

describe('ownership controls and public access block: put, get, delete and their errors', () => {
  const B = 'acl-controls';
  before(() => root.send(new CreateBucketCommand({ Bucket: B, ObjectOwnership: 'BucketOwnerPreferred' })));

  test('ownership controls', async () => {
    const get = () => root.send(new GetBucketOwnershipControlsCommand({ Bucket: B }));
    assert.equal((await get()).OwnershipControls?.Rules?.[0]?.ObjectOwnership, 'BucketOwnerPreferred');
    await root.send(new PutBucketOwnershipControlsCommand({ Bucket: B, OwnershipControls: { Rules: [{ ObjectOwnership: 'ObjectWriter' }] } }));
    assert.equal((await get()).OwnershipControls?.Rules?.[0]?.ObjectOwnership, 'ObjectWriter');
    await rejects(
      root.send(new PutBucketOwnershipControlsCommand({ Bucket: B, OwnershipControls: { Rules: [{ ObjectOwnership: 'Nobody' as 'ObjectWriter' }] } })),
      'InvalidArgument',
      400,
    );
    await rejects(root.send(new PutBucketOwnershipControlsCommand({ Bucket: B, OwnershipControls: { Rules: [] } })), 'MalformedXML', 400);
    await root.send(new DeleteBucketOwnershipControlsCommand({ Bucket: B }));
    await rejects(get(), 'OwnershipControlsNotFoundError', 404, 'The bucket ownership controls were not found');
    await rejects(root.send(new GetBucketOwnershipControlsCommand({ Bucket: 'acl-no-such-bucket' })), 'NoSuchBucket', 404);
  });

  test('public access block', async () => {
    const get = () => root.send(new GetPublicAccessBlockCommand({ Bucket: B }));
    await root.send(new PutPublicAccessBlockCommand({ Bucket: B, PublicAccessBlockConfiguration: { BlockPublicAcls: true } }));
    assert.deepEqual((await get()).PublicAccessBlockConfiguration, { BlockPublicAcls: true, IgnorePublicAcls: false, BlockPublicPolicy: false, RestrictPublicBuckets: false });
    await root.send(new DeletePublicAccessBlockCommand({ Bucket: B }));
    await rejects(get(), 'NoSuchPublicAccessBlockConfiguration', 404, 'The public access block configuration was not found');
  });
});

describe('ACLs in authorization (ObjectWriter)', () => {
  const B = 'acl-writer';
  before(async () => {
    await aclBucket(B);
    await root.send(new PutObjectCommand({ Bucket: B, Key: 'public.txt', Body: 'for everyone', ACL: 'public-read' }));
    await root.send(new PutObjectCommand({ Bucket: B, Key: 'private.txt', Body: 'mine' }));
  });

  test('a public-read object is readable anonymously, a private one is not; GetObjectAcl lists the AllUsers grant', async () => {
    assert.deepEqual(await anonGet(`${B}/public.txt`), { status: 200, body: 'for everyone' });
    assert.equal((await anonGet(`${B}/private.txt`)).status, 403);
    const acl = await root.send(new GetObjectAclCommand({ Bucket: B, Key: 'public.txt' }));
    assert.deepEqual(
      acl.Grants?.map((g) => [g.Grantee?.Type, g.Grantee?.URI ?? g.Grantee?.ID, g.Permission]),
      [
        ['CanonicalUser', acl.Owner?.ID, 'FULL_CONTROL'],
        ['Group', ALL_USERS, 'READ'],
      ],
    );
  });

  test('x-amz-grant-read and an AccessControlPolicy body; an e-mail grantee is UnresolvableGrantByEmailAddress', async () => {
    await root.send(new PutObjectAclCommand({ Bucket: B, Key: 'private.txt', GrantRead: `uri="${ALL_USERS}"` }));
    assert.deepEqual(await anonGet(`${B}/private.txt`), { status: 200, body: 'mine' });
    const owner = (await root.send(new GetBucketAclCommand({ Bucket: B }))).Owner!;
    await root.send(
      new PutObjectAclCommand({
        Bucket: B,
        Key: 'private.txt',
        AccessControlPolicy: { Owner: owner, Grants: [{ Grantee: { Type: 'CanonicalUser', ID: owner.ID }, Permission: 'FULL_CONTROL' }] },
      }),
    );
    assert.equal((await anonGet(`${B}/private.txt`)).status, 403);
    await rejects(root.send(new PutObjectAclCommand({ Bucket: B, Key: 'private.txt', GrantRead: 'emailAddress="someone@example.com"' })), 'UnresolvableGrantByEmailAddress', 400);
    await rejects(root.send(new PutObjectAclCommand({ Bucket: B, Key: 'missing.txt', ACL: 'private' })), 'NoSuchKey', 404);
  });

  test('versions keep their own ACL: a public-read version stays readable by id, the private one after it is not', async () => {
    const V = 'acl-versions';
    await aclBucket(V);
    await root.send(new PutBucketVersioningCommand({ Bucket: V, VersioningConfiguration: { Status: 'Enabled' } }));
    const v1 = await root.send(new PutObjectCommand({ Bucket: V, Key: 'k', Body: 'first', ACL: 'public-read' }));
    assert.deepEqual(await anonGet(`${V}/k`), { status: 200, body: 'first' });
    const v2 = await root.send(new PutObjectCommand({ Bucket: V, Key: 'k', Body: 'second' }));
    assert.ok(v1.VersionId && v2.VersionId && v1.VersionId !== v2.VersionId);
    // The new version did not inherit the public grant; the older one kept it.
    assert.equal((await anonGet(`${V}/k`)).status, 403);
    assert.equal((await anonGet(`${V}/k?versionId=${encodeURIComponent(v2.VersionId!)}`)).status, 403);
    assert.deepEqual(await anonGet(`${V}/k?versionId=${encodeURIComponent(v1.VersionId!)}`), { status: 200, body: 'first' });
    // Get/PutObjectAcl with versionId address that version (and answer its id); the latest is left as it is.
    const allUsers = 'http://acs.amazonaws.com/groups/global/AllUsers';
    const g1 = await root.send(new GetObjectAclCommand({ Bucket: V, Key: 'k', VersionId: v1.VersionId }));
    assert.ok(g1.Grants?.some((g) => g.Grantee?.URI === allUsers && g.Permission === 'READ'), 'v1 is public-read');
    const p1 = await root.send(new PutObjectAclCommand({ Bucket: V, Key: 'k', VersionId: v1.VersionId, ACL: 'private' }));
    assert.equal(p1.$metadata.httpStatusCode, 200);
    assert.equal((await anonGet(`${V}/k?versionId=${encodeURIComponent(v1.VersionId!)}`)).status, 403, 'v1 private now');
    await root.send(new PutObjectAclCommand({ Bucket: V, Key: 'k', VersionId: v2.VersionId, ACL: 'public-read' }));
    assert.deepEqual(await anonGet(`${V}/k?versionId=${encodeURIComponent(v2.VersionId!)}`), { status: 200, body: 'second' });
    const g2 = await root.send(new GetObjectAclCommand({ Bucket: V, Key: 'k', VersionId: v1.VersionId }));
    assert.ok(!g2.Grants?.some((g) => g.Grantee?.URI === allUsers), 'v1 no longer names AllUsers');
    await rejects(root.send(new GetObjectAclCommand({ Bucket: V, Key: 'k', VersionId: 'A'.repeat(32) })), 'NoSuchVersion', 404);
    await rejects(root.send(new PutObjectAclCommand({ Bucket: V, Key: 'k', VersionId: 'A'.repeat(32), ACL: 'private' })), 'NoSuchVersion', 404);
    await rejects(root.send(new GetObjectAclCommand({ Bucket: V, Key: 'k', VersionId: 'bad' })), 'InvalidArgument', 400);
  });

  test('a bucket ACL public-read lets anyone list; public-read-write lets anyone write', async () => {
    assert.equal((await anonGet(`${B}?list-type=2`)).status, 403);
    await root.send(new PutBucketAclCommand({ Bucket: B, ACL: 'public-read' }));
    const list = await anonGet(`${B}?list-type=2`);
    assert.equal(list.status, 200);
    assert.match(list.body, /<Key>public.txt<\/Key>/);
    assert.equal((await fetch(`${server.url}/${B}/anon.txt`, { method: 'PUT', body: 'anon' })).status, 403);
    await root.send(new PutBucketAclCommand({ Bucket: B, ACL: 'public-read-write' }));
    assert.equal((await fetch(`${server.url}/${B}/anon.txt`, { method: 'PUT', body: 'anon' })).status, 200);
    await root.send(new PutBucketAclCommand({ Bucket: B, ACL: 'private' }));
    assert.equal((await anonGet(`${B}?list-type=2`)).status, 403);
  });

  test('a Deny in the bucket policy beats an AllUsers grant', async () => {
    const D = 'acl-writer-deny';
    await aclBucket(D);
    await root.send(new PutObjectCommand({ Bucket: D, Key: 'p', Body: 'p', ACL: 'public-read' }));
    assert.equal((await anonGet(`${D}/p`)).status, 200);
    await root.send(new PutBucketPolicyCommand({ Bucket: D, Policy: policy({ Effect: 'Deny', Principal: '*', Action: 's3:GetObject', Resource: `arn:aws:s3:::${D}/*` }) }));
    assert.equal((await anonGet(`${D}/p`)).status, 403);
  });

  test('IgnorePublicAcls: public grants no longer count; BlockPublicAcls: a public ACL is refused with AccessDenied', async () => {
    const I = 'acl-writer-ignore';
    await aclBucket(I);
    await root.send(new PutObjectCommand({ Bucket: I, Key: 'p', Body: 'p', ACL: 'public-read' }));
    assert.equal((await anonGet(`${I}/p`)).status, 200);
    await root.send(new PutPublicAccessBlockCommand({ Bucket: I, PublicAccessBlockConfiguration: { IgnorePublicAcls: true } }));
    assert.equal((await anonGet(`${I}/p`)).status, 403);
    await root.send(new PutPublicAccessBlockCommand({ Bucket: I, PublicAccessBlockConfiguration: { BlockPublicAcls: true } }));
    assert.equal((await anonGet(`${I}/p`)).status, 200);
    await rejects(root.send(new PutObjectAclCommand({ Bucket: I, Key: 'p', ACL: 'public-read' })), 'AccessDenied', 403, /BlockPublicAcls/);
    await rejects(root.send(new PutObjectCommand({ Bucket: I, Key: 'q', Body: 'q', ACL: 'public-read' })), 'AccessDenied', 403);
    await rejects(root.send(new PutBucketAclCommand({ Bucket: I, ACL: 'authenticated-read' })), 'AccessDenied', 403);
    await root.send(new PutObjectAclCommand({ Bucket: I, Key: 'p', ACL: 'private' }));
    assert.equal((await anonGet(`${I}/p`)).status, 403);
  });
});

describe('bucket policies under Block Public Access', () => {
  const B = 'acl-policy';
  const publicPolicy = policy({ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: `arn:aws:s3:::${B}/*` });
  const ipPolicy = policy({
    Effect: 'Allow',
    Principal: '*',
    Action: 's3:GetObject',
    Resource: `arn:aws:s3:::${B}/*`,
    Condition: { IpAddress: { 'aws:SourceIp': '192.0.2.0/24' } },
  });
  before(async () => {
    await root.send(new CreateBucketCommand({ Bucket: B }));
    await root.send(new PutObjectCommand({ Bucket: B, Key: 'o', Body: 'o' }));
  });

  test('BlockPublicPolicy refuses a public policy (AccessDenied) and accepts it after DeletePublicAccessBlock; GetBucketPolicyStatus', async () => {
    await rejects(root.send(new GetBucketPolicyStatusCommand({ Bucket: B })), 'NoSuchBucketPolicy', 404);
    await rejects(root.send(new PutBucketPolicyCommand({ Bucket: B, Policy: publicPolicy })), 'AccessDenied', 403, /BlockPublicPolicy/);
    await root.send(new PutBucketPolicyCommand({ Bucket: B, Policy: ipPolicy }));
    assert.equal((await root.send(new GetBucketPolicyStatusCommand({ Bucket: B }))).PolicyStatus?.IsPublic, false);
    await root.send(new DeletePublicAccessBlockCommand({ Bucket: B }));
    await root.send(new PutBucketPolicyCommand({ Bucket: B, Policy: publicPolicy }));
    assert.equal((await root.send(new GetBucketPolicyStatusCommand({ Bucket: B }))).PolicyStatus?.IsPublic, true);
    assert.deepEqual(await anonGet(`${B}/o`), { status: 200, body: 'o' });
  });

  test('RestrictPublicBuckets: a public policy no longer grants anonymous access', async () => {
    await root.send(new PutPublicAccessBlockCommand({ Bucket: B, PublicAccessBlockConfiguration: { RestrictPublicBuckets: true } }));
    assert.equal((await anonGet(`${B}/o`)).status, 403);
    await root.send(new DeletePublicAccessBlockCommand({ Bucket: B }));
    assert.equal((await anonGet(`${B}/o`)).status, 200);
  });
});

describe('the s3:x-amz-acl condition key', () => {
  const B = 'acl-condition';
  let user: S3Client;
  before(async () => {
    await aclBucket(B);
    const iam = new IAMClient(sdkConfig(server));
    clients.push(iam);
    await iam.send(new CreateUserCommand({ UserName: 'acl-writer' }));
    const doc = policy(
      { Effect: 'Allow', Action: 's3:PutObject', Resource: `arn:aws:s3:::${B}/*` },
      { Effect: 'Deny', Action: 's3:PutObject', Resource: `arn:aws:s3:::${B}/*`, Condition: { StringEquals: { 's3:x-amz-acl': 'public-read' } } },
      { Effect: 'Allow', Action: 's3:PutObjectAcl', Resource: `arn:aws:s3:::${B}/*` },
      { Effect: 'Deny', Action: 's3:PutObjectAcl', Resource: `arn:aws:s3:::${B}/*`, Condition: { Null: { 's3:x-amz-grant-read': 'false' } } },
    );
    await iam.send(new PutUserPolicyCommand({ UserName: 'acl-writer', PolicyName: 'p', PolicyDocument: doc }));
    const k = await iam.send(new CreateAccessKeyCommand({ UserName: 'acl-writer' }));
    user = s3For({ accessKeyId: k.AccessKey!.AccessKeyId!, secretAccessKey: k.AccessKey!.SecretAccessKey! });
  });

  test('denied with x-amz-acl: public-read, allowed with private and without the header', async () => {
    await rejects(user.send(new PutObjectCommand({ Bucket: B, Key: 'a', Body: 'a', ACL: 'public-read' })), 'AccessDenied', 403);
    assert.equal((await anonGet(`${B}/a`)).status, 403);
    await user.send(new PutObjectCommand({ Bucket: B, Key: 'a', Body: 'a', ACL: 'private' }));
    await user.send(new PutObjectCommand({ Bucket: B, Key: 'b', Body: 'b' }));
  });

  test('s3:x-amz-grant-read is present only when sent: a Deny on its presence refuses GrantRead, not a canned ACL', async () => {
    await rejects(user.send(new PutObjectAclCommand({ Bucket: B, Key: 'b', GrantRead: `uri="${ALL_USERS}"` })), 'AccessDenied', 403);
    assert.equal((await anonGet(`${B}/b`)).status, 403);
    await user.send(new PutObjectAclCommand({ Bucket: B, Key: 'b', ACL: 'private' }));
  });
});

describe('another account: grants by canonical id and object ownership', () => {
  let other: S3Client;
  let otherId: string;
  let otherAccount: string;
  let ownerId: string;
  before(async () => {
    const r = spawnSync(process.execPath, [tesseraBin, 'admin', 'create-account', '--data', dataDir, '--name', 'acl-other'], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    const j = JSON.parse(r.stdout) as { AccountId: string; AccessKeyId: string; SecretAccessKey: string };
    otherAccount = j.AccountId;
    other = s3For({ accessKeyId: j.AccessKeyId, secretAccessKey: j.SecretAccessKey });
    otherId = (await other.send(new ListBucketsCommand({}))).Owner!.ID!;
    ownerId = (await root.send(new ListBucketsCommand({}))).Owner!.ID!;
  });

  test('x-amz-grant-read id=<canonical id> lets the other account read the object; an unknown id is InvalidArgument', async () => {
    const B = 'acl-cross-grant';
    await aclBucket(B);
    await root.send(new PutObjectCommand({ Bucket: B, Key: 'k', Body: 'shared' }));
    await rejects(other.send(new GetObjectCommand({ Bucket: B, Key: 'k' })), 'AccessDenied', 403);
    await root.send(new PutObjectAclCommand({ Bucket: B, Key: 'k', GrantRead: `id="${otherId}"` }));
    const got = await other.send(new GetObjectCommand({ Bucket: B, Key: 'k' }));
    assert.equal(await got.Body!.transformToString(), 'shared');
    await rejects(root.send(new PutObjectAclCommand({ Bucket: B, Key: 'k', GrantRead: `id="${'0'.repeat(64)}"` })), 'InvalidArgument', 400);
  });

  test('the object owner: the writer under ObjectWriter, the bucket owner under BucketOwnerEnforced and, with bucket-owner-full-control, BucketOwnerPreferred', async () => {
    const owners: Record<string, string[]> = {};
    for (const ownership of ['ObjectWriter', 'BucketOwnerEnforced', 'BucketOwnerPreferred'] as const) {
      const B = `acl-owner-${ownership.toLowerCase()}`;
      await root.send(new CreateBucketCommand({ Bucket: B, ObjectOwnership: ownership }));
      const allow = policy({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${otherAccount}:root` }, Action: ['s3:PutObject', 's3:GetObjectAcl'], Resource: `arn:aws:s3:::${B}/*` });
      await root.send(new PutBucketPolicyCommand({ Bucket: B, Policy: allow }));
      await other.send(new PutObjectCommand({ Bucket: B, Key: 'plain', Body: 'p' }));
      await other.send(new PutObjectCommand({ Bucket: B, Key: 'bofc', Body: 'b', ACL: 'bucket-owner-full-control' }));
      owners[ownership] = [];
      for (const key of ['plain', 'bofc']) {
        const id = (await root.send(new GetObjectAclCommand({ Bucket: B, Key: key }))).Owner?.ID;
        owners[ownership]!.push(id === ownerId ? 'bucket owner' : id === otherId ? 'writer' : String(id));
      }
    }
    assert.deepEqual(owners, {
      ObjectWriter: ['writer', 'writer'],
      BucketOwnerEnforced: ['bucket owner', 'bucket owner'],
      BucketOwnerPreferred: ['writer', 'bucket owner'],
    });
  });
});

describe('boto3 and the aws CLI', () => {
  const B = 'acl-clients';
  before(() => root.send(new CreateBucketCommand({ Bucket: B })));

  test('boto3: ownership controls, public access block, policy status, ACLs and their errors', () => {
    const r = python(
      server,
      `
import boto3, json, os, botocore
s3 = boto3.client('s3', endpoint_url=os.environ['ENDPOINT'], region_name='us-east-1')
out = {}
def code(f):
    try:
        f(); return 'ok'
    except botocore.exceptions.ClientError as e:
        return [e.response['Error']['Code'], e.response['ResponseMetadata']['HTTPStatusCode']]
out['own'] = s3.get_bucket_ownership_controls(Bucket='${B}')['OwnershipControls']['Rules'][0]['ObjectOwnership']
out['publicRead'] = code(lambda: s3.put_object(Bucket='${B}', Key='k', Body=b'k', ACL='public-read'))
s3.put_bucket_ownership_controls(Bucket='${B}', OwnershipControls={'Rules': [{'ObjectOwnership': 'BucketOwnerPreferred'}]})
s3.put_public_access_block(Bucket='${B}', PublicAccessBlockConfiguration={'BlockPublicAcls': False, 'IgnorePublicAcls': False, 'BlockPublicPolicy': True, 'RestrictPublicBuckets': False})
out['pab'] = s3.get_public_access_block(Bucket='${B}')['PublicAccessBlockConfiguration']
s3.put_object(Bucket='${B}', Key='k', Body=b'k', ACL='public-read')
out['grants'] = [g['Permission'] for g in s3.get_object_acl(Bucket='${B}', Key='k')['Grants']]
out['publicPolicy'] = code(lambda: s3.put_bucket_policy(Bucket='${B}', Policy=json.dumps({'Version': '2012-10-17', 'Statement': [{'Effect': 'Allow', 'Principal': '*', 'Action': 's3:GetObject', 'Resource': 'arn:aws:s3:::${B}/*'}]})))
s3.put_bucket_policy(Bucket='${B}', Policy=json.dumps({'Version': '2012-10-17', 'Statement': [{'Effect': 'Allow', 'Principal': '*', 'Action': 's3:GetObject', 'Resource': 'arn:aws:s3:::${B}/*', 'Condition': {'StringEquals': {'aws:SourceAccount': '111122223333'}}}]}))
out['isPublic'] = s3.get_bucket_policy_status(Bucket='${B}')['PolicyStatus']['IsPublic']
out['email'] = code(lambda: s3.put_bucket_acl(Bucket='${B}', GrantRead='emailAddress="a@example.com"'))
out['both'] = code(lambda: s3.put_bucket_acl(Bucket='${B}', ACL='private', GrantRead='uri="${ALL_USERS}"'))
s3.delete_public_access_block(Bucket='${B}')
out['noPab'] = code(lambda: s3.get_public_access_block(Bucket='${B}'))
print(json.dumps(out))
`,
    );
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), {
      own: 'BucketOwnerEnforced',
      publicRead: ['AccessControlListNotSupported', 400],
      pab: { BlockPublicAcls: false, IgnorePublicAcls: false, BlockPublicPolicy: true, RestrictPublicBuckets: false },
      grants: ['FULL_CONTROL', 'READ'],
      publicPolicy: ['AccessDenied', 403],
      isPublic: false,
      email: ['UnresolvableGrantByEmailAddress', 400],
      both: ['InvalidRequest', 400],
      noPab: ['NoSuchPublicAccessBlockConfiguration', 404],
    });
    assert.equal(r.status, 0);
  });

  test('aws CLI: s3api ownership controls, public access block and ACLs', () => {
    const cli = (...args: string[]) => awsCli(server, ['--endpoint-url', server.url, 's3api', ...args]);
    const C = 'acl-cli';
    let r = cli('create-bucket', '--bucket', C, '--object-ownership', 'ObjectWriter');
    assert.equal(r.status, 0, r.stderr);
    r = cli('get-bucket-ownership-controls', '--bucket', C);
    assert.equal(JSON.parse(r.stdout).OwnershipControls.Rules[0].ObjectOwnership, 'ObjectWriter');
    r = cli('put-bucket-acl', '--bucket', C, '--acl', 'public-read');
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /AccessDenied/);
    r = cli('delete-public-access-block', '--bucket', C);
    assert.equal(r.status, 0, r.stderr);
    r = cli('put-bucket-acl', '--bucket', C, '--acl', 'public-read');
    assert.equal(r.status, 0, r.stderr);
    r = cli('get-bucket-acl', '--bucket', C);
    const grants = JSON.parse(r.stdout).Grants as Array<{ Grantee: { URI?: string }; Permission: string }>;
    assert.deepEqual(grants.filter((g) => g.Grantee.URI).map((g) => [g.Grantee.URI, g.Permission]), [[ALL_USERS, 'READ']]);
    r = cli('get-public-access-block', '--bucket', C);
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /NoSuchPublicAccessBlockConfiguration/);
    r = cli('delete-bucket-ownership-controls', '--bucket', C);
    assert.equal(r.status, 0, r.stderr);
    r = cli('get-bucket-ownership-controls', '--bucket', C);
    assert.match(r.stderr, /OwnershipControlsNotFoundError/);
  });
});
