/**
 * Several servers on one PostgreSQL database: what one server caches (access keys, identities, policies)
 * must not outlive a change made through another, even when the change notification is lost.
 *  (a) the LISTEN connections are terminated (pg_terminate_backend) and a key is deactivated at once: the
 *      other server refuses it promptly (its listener reconnects and drops every cache);
 *  (c) after the termination the listener comes back, and a later change is seen through it promptly
 *      (B runs with a 60 s cache TTL, so only the notification can make it prompt);
 *  (b) notifications never arrive (a server started with the TEST-ONLY switch that ignores them, and the
 *      listeners terminated for good measure): a deactivated key, a changed policy and a deleted user are
 *      refused within the cache TTL (2 s here).
 * Every wait is a bounded poll; each refusal is then asserted with AWS's code and status.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import pg from 'pg';
import {
  CreateAccessKeyCommand,
  CreateUserCommand,
  DeleteAccessKeyCommand,
  DeleteUserCommand,
  IAMClient,
  ListUsersCommand,
  PutUserPolicyCommand,
  UpdateAccessKeyCommand,
} from '@aws-sdk/client-iam';
import { CreateBucketCommand, ListObjectsV2Command, PutBucketPolicyCommand, S3Client } from '@aws-sdk/client-s3';
import { GetCallerIdentityCommand, GetSessionTokenCommand, STSClient } from '@aws-sdk/client-sts';
import { doc, rejects } from '../helpers/aws-errors.js';
import { sdkConfig, type Creds } from '../helpers/clients.js';
import { credsOf, keyCredsOf } from '../helpers/iam.js';
import { startNodes, type Nodes } from '../helpers/nodes.js';
import { createTestDatabase, type TestDatabase } from '../helpers/postgres.js';
import type { TestServer } from '../helpers/server.js';

const root = { accessKeyId: 'AKIASTALEROOT0000001', secretAccessKey: 'stale-root-secret-00000000000000000000000' };
let db: TestDatabase | { unavailable: string };
let cluster: Nodes | undefined;
let a: TestServer; // where changes are made
let b: TestServer; // listens; 60 s cache TTL
let c: TestServer; // ignores notifications (TEST ONLY); 2 s cache TTL
let iamA: IAMClient;

const sts = (s: TestServer, creds: Creds) => new STSClient(sdkConfig(s, creds));
const iamVia = (s: TestServer, creds: Creds) => new IAMClient(sdkConfig(s, creds));
const s3Via = (s: TestServer, creds: Creds) => new S3Client({ ...sdkConfig(s, creds), forcePathStyle: true });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls until `attempt` answers true, for at most `limitMs`. */
async function eventually(what: string, attempt: () => Promise<boolean>, limitMs = 10_000) {
  const end = Date.now() + limitMs;
  for (;;) {
    if (await attempt()) return;
    if (Date.now() > end) assert.fail(`${what}: still not the case after ${limitMs / 1000} s`);
    await sleep(100);
  }
}

/** true when the call is refused with `code`; false when it succeeds; any other error is thrown. */
const refusedWith = (p: Promise<unknown>, code: string) =>
  p.then(
    () => false,
    (e: Error) => {
      if (e.name === code) return true;
      throw e;
    },
  );

async function withDb<T>(f: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: (db as TestDatabase).url });
  await client.connect();
  try {
    return await f(client);
  } finally {
    await client.end();
  }
}

/** Terminates every LISTEN connection on the test database (the servers' change listeners). */
const terminateListeners = () =>
  withDb(async (client) => {
    const r = await client.query(
      `select pg_terminate_backend(pid) from pg_stat_activity
        where datname = current_database() and pid <> pg_backend_pid()
          and (application_name like 'tessera-listener/%' or query = 'LISTEN tessera_changes')`,
    );
    return r.rowCount ?? 0;
  });

/** How many listener connections the server `s` has open (found by their application_name). */
const listenersOf = (s: TestServer) =>
  withDb(async (client) => {
    const r = await client.query(`select count(*)::int as n from pg_stat_activity where datname = current_database() and application_name = $1`, [
      `tessera-listener/${s.child.pid}`,
    ]);
    return (r.rows[0] as { n: number }).n;
  });

async function userWithKey(name: string, inline?: object): Promise<Creds> {
  await iamA.send(new CreateUserCommand({ UserName: name }));
  if (inline) await iamA.send(new PutUserPolicyCommand({ UserName: name, PolicyName: 'p', PolicyDocument: doc(inline) }));
  return keyCredsOf(await iamA.send(new CreateAccessKeyCommand({ UserName: name })));
}

const deactivate = (name: string, creds: Creds) =>
  iamA.send(new UpdateAccessKeyCommand({ UserName: name, AccessKeyId: creds.accessKeyId, Status: 'Inactive' }));

before(async () => {
  db = await createTestDatabase();
  if ('unavailable' in db) return;
  cluster = await startNodes(db, 3, {
    root,
    env: { TESSERA_CACHE_TTL_SECONDS: '60' },
    node: (i) => (i === 2 ? { env: { TESSERA_CACHE_TTL_SECONDS: '2', TESSERA_UNSAFE_IGNORE_NOTIFICATIONS: '1' } } : {}),
  });
  [a, b, c] = cluster.nodes as [TestServer, TestServer, TestServer];
  iamA = new IAMClient(sdkConfig(a));
});

after(async () => {
  await cluster?.stop();
  if (db && !('unavailable' in db)) await db.drop();
});

test('(a) listener connections terminated, a key deactivated at once: the other server refuses it promptly', async (t) => {
  if ('unavailable' in db) return t.skip(db.unavailable);
  const creds = await userWithKey('stale-a');
  // B caches the key.
  for (let i = 0; i < 2; i++) assert.equal((await sts(b, creds).send(new GetCallerIdentityCommand({}))).Arn, `arn:aws:iam::${a.accountId}:user/stale-a`);
  assert.ok((await terminateListeners()) >= 1);
  await deactivate('stale-a', creds);
  await eventually('B refuses the deactivated key', () => refusedWith(sts(b, creds).send(new GetCallerIdentityCommand({})), 'InvalidClientTokenId'));
  await rejects(sts(b, creds).send(new GetCallerIdentityCommand({})), 'InvalidClientTokenId', 403);
});

test('(c) the listener reconnects after being terminated; a later change is seen through it promptly', async (t) => {
  if ('unavailable' in db) return t.skip(db.unavailable);
  await eventually('B listens', async () => (await listenersOf(b)) === 1);
  assert.ok((await terminateListeners()) >= 1);
  await eventually('B listens again', async () => (await listenersOf(b)) === 1);

  const creds = await userWithKey('stale-c', { Effect: 'Allow', Action: 'iam:ListUsers', Resource: '*' });
  const other = await userWithKey('stale-c2');
  for (let i = 0; i < 2; i++) {
    await iamVia(b, creds).send(new ListUsersCommand({}));
    await sts(b, other).send(new GetCallerIdentityCommand({}));
  }
  // Within B's 60 s TTL only the notification can bring these changes to B.
  await iamA.send(new PutUserPolicyCommand({ UserName: 'stale-c', PolicyName: 'p', PolicyDocument: doc({ Effect: 'Deny', Action: 'iam:*', Resource: '*' }) }));
  await eventually('B applies the changed policy', () => refusedWith(iamVia(b, creds).send(new ListUsersCommand({})), 'AccessDenied'));
  await rejects(iamVia(b, creds).send(new ListUsersCommand({})), 'AccessDenied', 403, /explicit deny in an identity-based policy/);
  await deactivate('stale-c2', other);
  await eventually('B refuses the deactivated key', () => refusedWith(sts(b, other).send(new GetCallerIdentityCommand({})), 'InvalidClientTokenId'));
  await rejects(sts(b, other).send(new GetCallerIdentityCommand({})), 'InvalidClientTokenId', 403);
});

test('(b) no notification at all: a deactivated key, a changed policy and a deleted user are refused within the TTL', async (t) => {
  if ('unavailable' in db) return t.skip(db.unavailable);
  // C was started with notifications ignored; a server that does not know the switch loses its listener here.
  await terminateListeners();
  assert.equal(await listenersOf(c), 0);

  // A deactivated key.
  const key = await userWithKey('stale-b-key');
  for (let i = 0; i < 2; i++) await sts(c, key).send(new GetCallerIdentityCommand({}));
  await deactivate('stale-b-key', key);
  await eventually('C refuses the deactivated key', () => refusedWith(sts(c, key).send(new GetCallerIdentityCommand({})), 'InvalidClientTokenId'));
  await rejects(sts(c, key).send(new GetCallerIdentityCommand({})), 'InvalidClientTokenId', 403);

  // A changed policy.
  const pol = await userWithKey('stale-b-policy', { Effect: 'Allow', Action: 'iam:ListUsers', Resource: '*' });
  for (let i = 0; i < 2; i++) await iamVia(c, pol).send(new ListUsersCommand({}));
  await iamA.send(new PutUserPolicyCommand({ UserName: 'stale-b-policy', PolicyName: 'p', PolicyDocument: doc({ Effect: 'Allow', Action: 'iam:GetUser', Resource: '*' }) }));
  await eventually('C applies the changed policy', () => refusedWith(iamVia(c, pol).send(new ListUsersCommand({})), 'AccessDenied'));
  await rejects(iamVia(c, pol).send(new ListUsersCommand({})), 'AccessDenied', 403);

  // A deleted user: its GetSessionToken session reads a bucket through a bucket policy naming the user.
  const gone = await userWithKey('stale-b-gone');
  const session = credsOf(await sts(a, gone).send(new GetSessionTokenCommand({})));
  const bucket = 'stale-b-bucket';
  await s3Via(a, root).send(new CreateBucketCommand({ Bucket: bucket }));
  await s3Via(a, root).send(
    new PutBucketPolicyCommand({
      Bucket: bucket,
      Policy: doc({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${a.accountId}:user/stale-b-gone` }, Action: 's3:ListBucket', Resource: `arn:aws:s3:::${bucket}` }),
    }),
  );
  for (let i = 0; i < 2; i++) await s3Via(c, session).send(new ListObjectsV2Command({ Bucket: bucket }));
  await iamA.send(new DeleteAccessKeyCommand({ UserName: 'stale-b-gone', AccessKeyId: gone.accessKeyId }));
  await iamA.send(new DeleteUserCommand({ UserName: 'stale-b-gone' }));
  await eventually('C refuses the deleted user\'s session', () => refusedWith(s3Via(c, session).send(new ListObjectsV2Command({ Bucket: bucket })), 'AccessDenied'));
  await rejects(s3Via(c, session).send(new ListObjectsV2Command({ Bucket: bucket })), 'AccessDenied', 403);
  // The server that made the change refuses it at once.
  await rejects(s3Via(a, session).send(new ListObjectsV2Command({ Bucket: bucket })), 'AccessDenied', 403);
});
