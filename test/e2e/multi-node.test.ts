/**
 * Three `tessera serve` nodes on ONE PostgreSQL database and ONE object store behave as one AWS endpoint,
 * driven as users drive it: through a round-robin load balancer (test/helpers/balancer.ts, a request per
 * node in turn) with boto3 and the aws CLI, and node by node with the AWS SDK for JavaScript v3.
 *  - written on one node, read, listed and deleted on the others; a multipart upload whose parts go to
 *    different nodes, its completion retried on the others (the same answer); the aws CLI's own multipart
 *    upload through the balancer;
 *  - revocations made on one node bind the others (a deactivated key, a removed policy, a bucket policy);
 *  - single use across nodes: an MFA code, a SAML assertion, a sign-in token; a console session started on
 *    one node is served by another and ended by a third;
 *  - one node killed with SIGKILL under a bounded load: every write a client saw acknowledged is there, byte
 *    for byte, on the surviving nodes, which keep serving.
 * The one object store is a real Ceph (radosgw; test/helpers/ceph.ts starts it with scripts/ceph-up.sh):
 * `--object-store s3://…/BUCKET`, one bucket for the three nodes, each node with a data directory of its own.
 */
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import {
  CreateAccessKeyCommand,
  CreateRoleCommand,
  CreateSAMLProviderCommand,
  CreateUserCommand,
  DeleteUserPolicyCommand,
  IAMClient,
  UpdateAccessKeyCommand,
} from '@aws-sdk/client-iam';
import {
  CompleteMultipartUploadCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  DeleteBucketPolicyCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListBucketsCommand,
  ListObjectsV2Command,
  ListPartsCommand,
  PutBucketPolicyCommand,
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { AssumeRoleCommand, AssumeRoleWithSAMLCommand, GetCallerIdentityCommand, GetSessionTokenCommand, STSClient } from '@aws-sdk/client-sts';
import { doc, rejects } from '../helpers/aws-errors.js';
import { startBalancer, type Balancer } from '../helpers/balancer.js';
import { ceph, cephBucket, cephObjectStore } from '../helpers/ceph.js';
import { awsCliAsync, pythonAsync, sdkConfig, type Creds } from '../helpers/clients.js';
import { adminWithKey, credsOf, enabledMfaDevice, keyCredsOf, oathtoolCode, userWithKey } from '../helpers/iam.js';
import { startNodes, type Nodes } from '../helpers/nodes.js';
import { createTestDatabase, type TestDatabase } from '../helpers/postgres.js';
import { AWS_SAML_AUDIENCE, createTestIdp, type TestIdp } from '../helpers/saml.js';
import type { TestServer } from '../helpers/server.js';

const root = { accessKeyId: 'AKIANODESROOT0000001', secretAccessKey: 'nodes-root-secret-0000000000000000000000' };
let db: TestDatabase | { unavailable: string };
let cluster: Nodes | undefined;
let nodes: TestServer[] = [];
let lb: Balancer;
let idp: TestIdp;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const s3 = (s: TestServer | string, creds: Creds = root) =>
  new S3Client({ ...sdkConfig(typeof s === 'string' ? ({ url: s } as TestServer) : s, creds), forcePathStyle: true });
const iam = (s: TestServer, creds: Creds = root) => new IAMClient(sdkConfig(s, creds));
const sts = (s: TestServer, creds: Creds = root) => new STSClient(sdkConfig(s, creds));
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const bytesOf = async (r: { Body?: { transformToByteArray(): Promise<Uint8Array> } }) => Buffer.from(await r.Body!.transformToByteArray());

/** Polls until `attempt` answers true (bounded), then returns; the caller asserts the outcome itself. */
async function until(what: string, attempt: () => Promise<boolean>, limitMs = 10_000) {
  const end = Date.now() + limitMs;
  while (!(await attempt())) {
    if (Date.now() > end) assert.fail(`${what}: still not the case after ${limitMs / 1000} s`);
    await sleep(50);
  }
}
const refused = (p: Promise<unknown>) => p.then(() => false, () => true);

before(async () => {
  db = await createTestDatabase();
  if ('unavailable' in db) return;
  const store = cephObjectStore(ceph(), cephBucket('nodes'));
  cluster = await startNodes(db, 3, { root, env: store.env, args: [...store.args, '--log', 'off'] });
  nodes = cluster.nodes;
  lb = await startBalancer(nodes.map((n) => n.url));
  idp = createTestIdp();
});

after(async () => {
  await lb?.close();
  await cluster?.stop();
  if (db && !('unavailable' in db)) await db.drop();
  idp?.remove();
});

const skip = (t: { skip(m: string): void }) => {
  if ('unavailable' in db) {
    t.skip(db.unavailable);
    return true;
  }
  return false;
};

test('written on one node: read, listed and deleted on the others at once', async (t) => {
  if (skip(t)) return;
  const [a, b, c] = nodes as [TestServer, TestServer, TestServer];
  await s3(a).send(new CreateBucketCommand({ Bucket: 'one-system' }));
  assert.ok((await s3(c).send(new ListBucketsCommand({}))).Buckets!.some((x) => x.Name === 'one-system'), 'the bucket is listed on C');
  const body = randomBytes(200_000);
  const put = await s3(a).send(new PutObjectCommand({ Bucket: 'one-system', Key: 'a/written-on-a', Body: body, ContentType: 'application/x-test' }));
  const got = await s3(b).send(new GetObjectCommand({ Bucket: 'one-system', Key: 'a/written-on-a' }));
  assert.equal(got.ETag, put.ETag);
  assert.equal(got.ContentType, 'application/x-test');
  assert.equal(sha(await bytesOf(got)), sha(body), 'B returns the bytes A stored');
  const ranged = await s3(c).send(new GetObjectCommand({ Bucket: 'one-system', Key: 'a/written-on-a', Range: 'bytes=1000-1999' }));
  assert.equal(ranged.ContentRange, `bytes 1000-1999/${body.length}`);
  assert.deepEqual(await bytesOf(ranged), body.subarray(1000, 2000));
  const listed = await s3(c).send(new ListObjectsV2Command({ Bucket: 'one-system', Prefix: 'a/' }));
  assert.deepEqual(listed.Contents!.map((o) => [o.Key, o.Size]), [['a/written-on-a', body.length]]);
  await s3(c).send(new DeleteObjectCommand({ Bucket: 'one-system', Key: 'a/written-on-a' }));
  await rejects(s3(a).send(new HeadObjectCommand({ Bucket: 'one-system', Key: 'a/written-on-a' })), 'NotFound', 404);
  await rejects(s3(b).send(new GetObjectCommand({ Bucket: 'one-system', Key: 'a/written-on-a' })), 'NoSuchKey', 404);
});

test('a multipart upload started on A, its parts sent to B and C, completed on A, read on B', async (t) => {
  if (skip(t)) return;
  const [a, b, c] = nodes as [TestServer, TestServer, TestServer];
  const part1 = randomBytes(5 * 1024 * 1024);
  const part2 = randomBytes(1_234_567);
  const { UploadId } = await s3(a).send(new CreateMultipartUploadCommand({ Bucket: 'one-system', Key: 'big' }));
  const p1 = await s3(b).send(new UploadPartCommand({ Bucket: 'one-system', Key: 'big', UploadId, PartNumber: 1, Body: part1 }));
  const p2 = await s3(c).send(new UploadPartCommand({ Bucket: 'one-system', Key: 'big', UploadId, PartNumber: 2, Body: part2 }));
  const parts = await s3(a).send(new ListPartsCommand({ Bucket: 'one-system', Key: 'big', UploadId }));
  assert.deepEqual(parts.Parts!.map((p) => [p.PartNumber, p.ETag, p.Size]), [[1, p1.ETag, part1.length], [2, p2.ETag, part2.length]]);
  const done = await s3(a).send(
    new CompleteMultipartUploadCommand({ Bucket: 'one-system', Key: 'big', UploadId, MultipartUpload: { Parts: [{ PartNumber: 1, ETag: p1.ETag }, { PartNumber: 2, ETag: p2.ETag }] } }),
  );
  assert.match(done.ETag!, /-2"$/);
  // A retried completion (its answer lost) reaching another node gets the same answer, as S3 gives it.
  const complete = (n: TestServer, parts: Array<{ PartNumber: number; ETag?: string }>) =>
    s3(n).send(new CompleteMultipartUploadCommand({ Bucket: 'one-system', Key: 'big', UploadId, MultipartUpload: { Parts: parts } }));
  for (const n of [c, b]) {
    const again = await complete(n, [{ PartNumber: 1, ETag: p1.ETag }, { PartNumber: 2, ETag: p2.ETag }]);
    assert.deepEqual([again.ETag, again.Key, again.Bucket], [done.ETag, 'big', 'one-system']);
  }
  await rejects(complete(c, [{ PartNumber: 1, ETag: p1.ETag }]), 'NoSuchUpload', 404);
  const got = await s3(b).send(new GetObjectCommand({ Bucket: 'one-system', Key: 'big' }));
  assert.equal(got.ETag, done.ETag);
  assert.equal(sha(await bytesOf(got)), sha(Buffer.concat([part1, part2])));
});

test('the aws CLI and boto3 through the round-robin balancer: every node serves, every node sees every write', async (t) => {
  if (skip(t)) return;
  const dir = mkdtempSync(join(tmpdir(), 'tessera-nodes-cli-'));
  try {
    const before = [...lb.served];
    // 20 MiB: the CLI's own multipart upload (8 MiB parts), its requests spread over the nodes.
    const file = join(dir, 'cli.bin');
    const data = randomBytes(20 * 1024 * 1024);
    writeFileSync(file, data);
    const cp = await awsCliAsync(nodes[0]!, ['--endpoint-url', lb.url, 's3', 'cp', file, 's3://one-system/cli/cli.bin'], root);
    assert.equal(cp.status, 0, cp.stderr);
    const back = await awsCliAsync(nodes[0]!, ['--endpoint-url', lb.url, 's3', 'cp', 's3://one-system/cli/cli.bin', join(dir, 'back.bin')], root);
    assert.equal(back.status, 0, back.stderr);
    assert.equal(sha(readFileSync(join(dir, 'back.bin'))), sha(data));
    const head = await awsCliAsync(nodes[0]!, ['--endpoint-url', lb.url, 's3api', 'head-object', '--bucket', 'one-system', '--key', 'cli/cli.bin'], root);
    assert.equal(head.status, 0, head.stderr);
    assert.match((JSON.parse(head.stdout) as { ETag: string }).ETag, /-3"$/, 'uploaded in three parts');
    // boto3: each write is read back and listed by the requests that follow (round robin: other nodes).
    const r = await pythonAsync(
      nodes[0]!,
      `
import boto3, json, hashlib, os
from botocore.config import Config
s3 = boto3.client('s3', endpoint_url=os.environ['ENDPOINT'], config=Config(s3={'addressing_style': 'path'}))
out = []
for i in range(9):
    body = os.urandom(1000 + i)
    s3.put_object(Bucket='one-system', Key=f'boto/{i}', Body=body)
    got = s3.get_object(Bucket='one-system', Key=f'boto/{i}')['Body'].read()
    keys = [o['Key'] for o in s3.list_objects_v2(Bucket='one-system', Prefix='boto/')['Contents']]
    out.append([got == body, f'boto/{i}' in keys])
print(json.dumps(out))
`,
      root,
      { ENDPOINT: lb.url },
    );
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), Array.from({ length: 9 }, () => [true, true]));
    const each = lb.served.map((n, i) => n - before[i]!);
    assert.ok(each.every((n) => n >= 9), `every node answered its share: ${each.join(', ')}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('revocations made on one node bind the others: a deactivated key, a removed policy, a bucket policy', async (t) => {
  if (skip(t)) return;
  const [a, b, c] = nodes as [TestServer, TestServer, TestServer];
  const creds = await userWithKey(iam(a), 'revoked', [{ Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject', 's3:ListBucket'], Resource: '*' }]);
  await s3(b, creds).send(new PutObjectCommand({ Bucket: 'one-system', Key: 'rev/1', Body: 'x' }));
  await s3(c, creds).send(new GetObjectCommand({ Bucket: 'one-system', Key: 'rev/1' }));
  // A bucket policy put on C denies the user's writes on A and B.
  const deny = doc({ Effect: 'Deny', Principal: { AWS: `arn:aws:iam::${a.accountId}:user/revoked` }, Action: 's3:PutObject', Resource: 'arn:aws:s3:::one-system/*' });
  await s3(c).send(new PutBucketPolicyCommand({ Bucket: 'one-system', Policy: deny }));
  for (const n of [a, b]) {
    await until('bucket policy on ' + n.url, () => refused(s3(n, creds).send(new PutObjectCommand({ Bucket: 'one-system', Key: 'rev/2', Body: 'x' }))));
    await rejects(s3(n, creds).send(new PutObjectCommand({ Bucket: 'one-system', Key: 'rev/2', Body: 'x' })), 'AccessDenied', 403);
  }
  await s3(a).send(new DeleteBucketPolicyCommand({ Bucket: 'one-system' }));
  // The identity policy removed on A: B and C refuse reads.
  await s3(b, creds).send(new GetObjectCommand({ Bucket: 'one-system', Key: 'rev/1' }));
  await iam(a).send(new DeleteUserPolicyCommand({ UserName: 'revoked', PolicyName: 'p' }));
  for (const n of [b, c]) {
    await until('policy removed on ' + n.url, () => refused(s3(n, creds).send(new GetObjectCommand({ Bucket: 'one-system', Key: 'rev/1' }))));
    await rejects(s3(n, creds).send(new GetObjectCommand({ Bucket: 'one-system', Key: 'rev/1' })), 'AccessDenied', 403);
  }
  // The key deactivated on B: A and C refuse it.
  assert.equal((await sts(a, creds).send(new GetCallerIdentityCommand({}))).Arn, `arn:aws:iam::${a.accountId}:user/revoked`);
  await iam(b).send(new UpdateAccessKeyCommand({ UserName: 'revoked', AccessKeyId: creds.accessKeyId, Status: 'Inactive' }));
  for (const n of [a, c]) {
    await until('key deactivated on ' + n.url, () => refused(sts(n, creds).send(new GetCallerIdentityCommand({}))));
    await rejects(sts(n, creds).send(new GetCallerIdentityCommand({})), 'InvalidClientTokenId', 403);
  }
});

test('an MFA code spent on one node is refused on the others', async (t) => {
  if (skip(t)) return;
  const [a, b, c] = nodes as [TestServer, TestServer, TestServer];
  await iam(a).send(new CreateUserCommand({ UserName: 'mfa-user' }));
  const creds = keyCredsOf(await iam(a).send(new CreateAccessKeyCommand({ UserName: 'mfa-user' })));
  const device = await enabledMfaDevice(iam(b), 'mfa-user', 'mfa-user-device');
  // A code of the next step (the enabling used the current one).
  const code = oathtoolCode(device.seed, 30);
  const first = credsOf(await sts(a, creds).send(new GetSessionTokenCommand({ SerialNumber: device.serial, TokenCode: code })));
  assert.ok(first.sessionToken);
  for (const n of [b, c]) {
    await rejects(
      sts(n, creds).send(new GetSessionTokenCommand({ SerialNumber: device.serial, TokenCode: code })),
      'AccessDenied',
      403,
      'MultiFactorAuthentication failed with invalid MFA one time pass code.',
    );
  }
});

test('a SAML assertion redeemed on one node is refused on the others', async (t) => {
  if (skip(t)) return;
  const [a, b, c] = nodes as [TestServer, TestServer, TestServer];
  const providerArn = (await iam(a).send(new CreateSAMLProviderCommand({ Name: 'NodesIdp', SAMLMetadataDocument: idp.metadata }))).SAMLProviderArn!;
  const trust = doc({ Effect: 'Allow', Principal: { Federated: providerArn }, Action: 'sts:AssumeRoleWithSAML', Condition: { StringEquals: { 'SAML:aud': AWS_SAML_AUDIENCE } } });
  const roleArn = (await iam(b).send(new CreateRoleCommand({ RoleName: 'NodesSaml', AssumeRolePolicyDocument: trust }))).Role!.Arn!;
  const saml = Buffer.from(idp.response({ nameId: 'ann@example.test', rolePairs: [`${roleArn},${providerArn}`] })).toString('base64');
  const anonymous = { accessKeyId: 'UNUSEDUNUSEDUNUSED', secretAccessKey: 'unused' };
  const ok = await sts(c, anonymous).send(new AssumeRoleWithSAMLCommand({ RoleArn: roleArn, PrincipalArn: providerArn, SAMLAssertion: saml }));
  assert.equal(ok.AssumedRoleUser!.Arn, `arn:aws:sts::${a.accountId}:assumed-role/NodesSaml/ann@example.test`);
  for (const n of [a, b]) {
    await rejects(sts(n, anonymous).send(new AssumeRoleWithSAMLCommand({ RoleArn: roleArn, PrincipalArn: providerArn, SAMLAssertion: saml })), 'InvalidIdentityToken', 400, /already been used/);
  }
});

test('a sign-in token is single use across nodes; a console session started on A is served by B and ended by C', async (t) => {
  if (skip(t)) return;
  const [a, b, c] = nodes as [TestServer, TestServer, TestServer];
  const broker = await adminWithKey(iam(a), 'broker');
  await iam(a).send(
    new CreateRoleCommand({ RoleName: 'console-nodes', AssumeRolePolicyDocument: doc({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${a.accountId}:user/broker` }, Action: 'sts:AssumeRole' }) }),
  );
  await until('the role is assumable', () =>
    sts(b, broker).send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${a.accountId}:role/console-nodes`, RoleSessionName: 'probe' })).then(() => true, () => false),
  );
  const role = credsOf(await sts(b, broker).send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${a.accountId}:role/console-nodes`, RoleSessionName: 'nodes' })));
  const session = JSON.stringify({ sessionId: role.accessKeyId, sessionKey: role.secretAccessKey, sessionToken: role.sessionToken });
  const tok = await fetch(`${c.url}/_signin/federation?${new URLSearchParams({ Action: 'getSigninToken', Session: session })}`);
  assert.equal(tok.status, 200);
  const { SigninToken } = (await tok.json()) as { SigninToken: string };
  const login = (n: TestServer) =>
    fetch(`${n.consoleUrl}/_signin/federation?${new URLSearchParams({ Action: 'login', Issuer: 'https://idp.example.com/portal', Destination: '/_console/', SigninToken })}`, {
      redirect: 'manual',
    });
  const first = await login(a);
  assert.equal(first.status, 302, await first.text());
  const cookie = first.headers.get('set-cookie')!.split(';')[0]!;
  for (const n of [b, c]) {
    const again = await login(n);
    assert.equal(again.status, 403);
    assert.match(await again.text(), /already been used/);
  }
  // The session on B: its page and its API (with the anti-CSRF token B's page carries).
  const page = await fetch(`${b.consoleUrl}/_console/`, { headers: { cookie }, redirect: 'manual' });
  assert.equal(page.status, 200);
  const csrf = /<meta name="tessera-csrf" content="([A-Za-z0-9_-]{43})">/.exec(await page.text())![1]!;
  const who = await fetch(`${b.consoleUrl}/_console/api/session`, { headers: { cookie, 'x-tessera-console': '1', 'x-tessera-csrf': csrf } });
  assert.equal(who.status, 200);
  assert.equal(((await who.json()) as { arn: string }).arn, `arn:aws:sts::${a.accountId}:assumed-role/console-nodes/nodes`);
  // Signed out on C: refused on A and B.
  const out = await fetch(`${c.consoleUrl}/_console/logout`, { headers: { cookie }, redirect: 'manual' });
  assert.equal(out.status, 302);
  assert.equal(out.headers.get('location'), 'https://idp.example.com/portal');
  for (const n of [a, b]) {
    const r = await fetch(`${n.consoleUrl}/_console/api/session`, { headers: { cookie, 'x-tessera-console': '1', 'x-tessera-csrf': csrf } });
    assert.equal(r.status, 401);
    assert.equal(((await r.json()) as { error: string }).error, 'SessionExpired');
  }
});

test('one node killed with SIGKILL under load: every acknowledged write is on the survivors, which keep serving', async (t) => {
  if (skip(t)) return;
  const [a, b, c] = nodes as [TestServer, TestServer, TestServer];
  await s3(a).send(new CreateBucketCommand({ Bucket: 'under-load' }));
  const WORKERS = 4;
  const PER_WORKER = 40;
  const acknowledged = new Map<string, string>();
  let failed = 0;
  let ackedAfterKill = 0;
  let killed = false;
  // Through the balancer, with the SDK's own retries (a 502 from a dead node is retried on the next).
  const client = new S3Client({ ...sdkConfig({ url: lb.url } as TestServer, root), forcePathStyle: true, maxAttempts: 3 });
  const worker = async (w: number) => {
    for (let i = 0; i < PER_WORKER; i++) {
      const key = `w${w}/${i}`;
      const body = randomBytes(1024 + ((w * 997 + i * 131) % 60_000));
      try {
        await client.send(new PutObjectCommand({ Bucket: 'under-load', Key: key, Body: body }));
        acknowledged.set(key, sha(body));
        if (killed) ackedAfterKill++;
      } catch {
        failed++;
      }
      if (!killed && acknowledged.size >= 30) {
        killed = true;
        c.child.kill('SIGKILL');
      }
    }
  };
  await Promise.all(Array.from({ length: WORKERS }, (_, w) => worker(w)));
  client.destroy();
  assert.ok(killed, 'the node was killed mid-load');
  assert.equal(acknowledged.size + failed, WORKERS * PER_WORKER);
  assert.ok(ackedAfterKill > 0, 'the survivors kept acknowledging writes after the kill');
  // Every acknowledged write, byte for byte, on both survivors; listed by both.
  for (const n of [a, b]) {
    const keys: string[] = [];
    let token: string | undefined;
    do {
      const page = await s3(n).send(new ListObjectsV2Command({ Bucket: 'under-load', ContinuationToken: token }));
      keys.push(...(page.Contents ?? []).map((o) => o.Key!));
      token = page.NextContinuationToken;
    } while (token);
    for (const k of acknowledged.keys()) assert.ok(keys.includes(k), `${k} listed on ${n.url}`);
    for (const [k, digest] of acknowledged) {
      const got = await s3(n).send(new GetObjectCommand({ Bucket: 'under-load', Key: k }));
      assert.equal(sha(await bytesOf(got)), digest, `${k} on ${n.url}`);
    }
  }
  // The dead node is out; the two others serve a new write and its read.
  await s3(b).send(new PutObjectCommand({ Bucket: 'under-load', Key: 'after', Body: 'still one system' }));
  assert.equal(Buffer.from(await bytesOf(await s3(a).send(new GetObjectCommand({ Bucket: 'under-load', Key: 'after' })))).toString(), 'still one system');
});
