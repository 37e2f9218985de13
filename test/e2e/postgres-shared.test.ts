/**
 * Two `tessera serve` processes on one PostgreSQL database serve as one system: credentials created through
 * one (or by the admin command) work through the other at once, and the key ring is shared.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { after, before, test } from 'node:test';
import { CreateAccessKeyCommand, CreateUserCommand, GetUserCommand, IAMClient, PutUserPolicyCommand, TagUserCommand, UpdateAccessKeyCommand } from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { keyCredsOf, rejectsWith } from '../helpers/iam.js';
import { sdkConfig } from '../helpers/clients.js';
import { createTestDatabase, type TestDatabase } from '../helpers/postgres.js';
import { startServer, tesseraBin, type TestServer } from '../helpers/server.js';

const masterKey = randomBytes(32).toString('hex');
let db: TestDatabase | { unavailable: string };
let a: TestServer;
let b: TestServer;

before(async () => {
  db = await createTestDatabase();
  if ('unavailable' in db) return;
  const root = { accessKeyId: 'AKIASHAREDROOT000001', secretAccessKey: 'shared-root-secret-000000000000000000000' };
  const env = { TESSERA_MASTER_KEY: masterKey };
  [a, b] = await Promise.all([
    startServer({ database: db.url, root, env }),
    startServer({ database: db.url, root, env }),
  ]);
});

after(async () => {
  await a?.stop();
  await b?.stop();
  if (db && !('unavailable' in db)) await db.drop();
});

test('both servers report the PostgreSQL store and answer the shared root', async (t) => {
  if ('unavailable' in db) return t.skip(db.unavailable);
  for (const s of [a, b]) {
    const h = (await (await fetch(`${s.url}/_health`)).json()) as { store: string };
    assert.equal(h.store, 'postgres');
    const r = await new STSClient(sdkConfig(s)).send(new GetCallerIdentityCommand({}));
    assert.equal(r.Arn, 'arn:aws:iam::123456789012:root');
  }
});

test('an account created by the admin command works through both servers at once', async (t) => {
  if ('unavailable' in db) return t.skip(db.unavailable);
  const r = spawnSync(process.execPath, [tesseraBin, 'admin', 'create-account', '--name', 'shared', '--database', db.url], {
    env: { ...process.env, TESSERA_MASTER_KEY: masterKey },
    encoding: 'utf8',
  });
  assert.equal(r.status, 0, r.stderr);
  const acct = JSON.parse(r.stdout) as { AccountId: string; AccessKeyId: string; SecretAccessKey: string };
  for (const s of [a, b]) {
    const id = await new STSClient(sdkConfig(s, { accessKeyId: acct.AccessKeyId, secretAccessKey: acct.SecretAccessKey })).send(new GetCallerIdentityCommand({}));
    assert.equal(id.Account, acct.AccountId);
    assert.equal(id.Arn, `arn:aws:iam::${acct.AccountId}:root`);
  }
});

test('an access key created through one server works through the other at once; deactivated, it is refused at once', async (t) => {
  if ('unavailable' in db) return t.skip(db.unavailable);
  const iamA = new IAMClient(sdkConfig(a));
  await iamA.send(new CreateUserCommand({ UserName: 'shared-user' }));
  const creds = keyCredsOf(await iamA.send(new CreateAccessKeyCommand({ UserName: 'shared-user' })));
  const viaB = new STSClient(sdkConfig(b, creds));
  const id = await viaB.send(new GetCallerIdentityCommand({}));
  assert.equal(id.Arn, 'arn:aws:iam::123456789012:user/shared-user');
  await iamA.send(new UpdateAccessKeyCommand({ UserName: 'shared-user', AccessKeyId: creds.accessKeyId, Status: 'Inactive' }));
  // B cached the key a moment ago; the change notification from A must drop it (allow the NOTIFY a beat).
  await new Promise((r) => setTimeout(r, 200));
  await rejectsWith(viaB.send(new GetCallerIdentityCommand({})), 'InvalidClientTokenId');
});

test('a user\'s tags (aws:PrincipalTag) changed through one server apply through the other', async (t) => {
  if ('unavailable' in db) return t.skip(db.unavailable);
  const iamA = new IAMClient(sdkConfig(a));
  await iamA.send(new CreateUserCommand({ UserName: 'abac-user', Tags: [{ Key: 'team', Value: 'blue' }] }));
  const policy = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'iam:GetUser', Resource: '*', Condition: { StringEquals: { 'aws:PrincipalTag/team': 'blue' } } }] };
  await iamA.send(new PutUserPolicyCommand({ UserName: 'abac-user', PolicyName: 'blue', PolicyDocument: JSON.stringify(policy) }));
  const creds = keyCredsOf(await iamA.send(new CreateAccessKeyCommand({ UserName: 'abac-user' })));
  const viaB = new IAMClient(sdkConfig(b, creds));
  assert.equal((await viaB.send(new GetUserCommand({ UserName: 'abac-user' }))).User!.UserName, 'abac-user');
  await iamA.send(new TagUserCommand({ UserName: 'abac-user', Tags: [{ Key: 'team', Value: 'red' }] }));
  // B decided with the blue tag a moment ago; A's change notification must drop what B cached. The NOTIFY
  // travels asynchronously: B is asked until it refuses (a bounded number of times), then once more.
  for (let i = 0; i < 50; i++) {
    const refused = await viaB.send(new GetUserCommand({ UserName: 'abac-user' })).then(() => false, () => true);
    if (refused) break;
    await new Promise((r) => setImmediate(r));
  }
  await rejectsWith(viaB.send(new GetUserCommand({ UserName: 'abac-user' })), 'AccessDenied', /iam:GetUser/);
});

test('a server with another master key refuses to start on the same database', async (t) => {
  if ('unavailable' in db) return t.skip(db.unavailable);
  await assert.rejects(
    startServer({ database: (db as TestDatabase).url, env: { TESSERA_MASTER_KEY: randomBytes(32).toString('hex') } }),
    /master key does not open the key ring/,
  );
});
