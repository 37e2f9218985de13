/**
 * Two `tessera serve` processes on one PostgreSQL database share one throttle: five wrong console passwords
 * through server A lock the user on server B (reached by alias), five wrong MFA codes through A's
 * GetSessionToken lock the device for B's GetSessionToken and B's console sign-in; and the database (read
 * with plain SQL, as a dump would) holds no plain scrypt hash.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, test } from 'node:test';
import pg from 'pg';
import { CreateAccountAliasCommand, CreateLoginProfileCommand, IAMClient } from '@aws-sdk/client-iam';
import { GetSessionTokenCommand, STSClient } from '@aws-sdk/client-sts';
import { sdkConfig, type Creds } from '../helpers/clients.js';
import { enabledMfaDevice, oathtoolCode, rejectsWith, userWithKey } from '../helpers/iam.js';
import { createTestDatabase, type TestDatabase } from '../helpers/postgres.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { assertLocked, consoleSignin, MFA_INVALID, MFA_LOCKED, PASSWORD, wrongCode } from './signinHelpers.js';

let db: TestDatabase | { unavailable: string };
let a: TestServer;
let b: TestServer;
let mfaKeys: Creds;
let device: { serial: string; seed: string };

before(async () => {
  db = await createTestDatabase();
  if ('unavailable' in db) return;
  const root = { accessKeyId: 'AKIATHROTTLEPGROOT01', secretAccessKey: 'throttle-pg-root-secret-0000000000000000' };
  const env = { TESSERA_MASTER_KEY: randomBytes(32).toString('hex') };
  a = await startServer({ database: db.url, root, env, args: ['--log', 'off'] });
  b = await startServer({ database: db.url, root, env, args: ['--log', 'off'] });
  const iam = new IAMClient(sdkConfig(a));
  await iam.send(new CreateAccountAliasCommand({ AccountAlias: 'shared-throttle' }));
  await userWithKey(iam, 'pw-user');
  await iam.send(new CreateLoginProfileCommand({ UserName: 'pw-user', Password: PASSWORD }));
  mfaKeys = await userWithKey(iam, 'mfa-user');
  await iam.send(new CreateLoginProfileCommand({ UserName: 'mfa-user', Password: PASSWORD }));
  device = await enabledMfaDevice(iam, 'mfa-user', 'mfa-user-device');
});

after(async () => {
  await a?.stop();
  await b?.stop();
  if (db && !('unavailable' in db)) await db.drop();
});

test('five wrong passwords through one server lock the user on the other', async (t) => {
  if ('unavailable' in db) return t.skip(db.unavailable);
  for (let i = 0; i < 5; i++) {
    const r = await consoleSignin(a, { account: a.accountId, userName: 'pw-user', password: 'Wrong-Pa55word!' });
    assert.equal(r.status, 401);
  }
  assertLocked(await consoleSignin(b, { account: 'shared-throttle', userName: 'PW-USER', password: PASSWORD }));
});

test('five wrong MFA codes through one server lock the device for STS and the console on the other', async (t) => {
  if ('unavailable' in db) return t.skip(db.unavailable);
  const right = () => oathtoolCode(device.seed, 30);
  const viaA = new STSClient(sdkConfig(a, mfaKeys));
  for (let i = 0; i < 5; i++) {
    await rejectsWith(viaA.send(new GetSessionTokenCommand({ SerialNumber: device.serial, TokenCode: wrongCode(right()) })), 'AccessDenied', MFA_INVALID);
  }
  const viaB = new STSClient(sdkConfig(b, mfaKeys));
  await rejectsWith(viaB.send(new GetSessionTokenCommand({ SerialNumber: device.serial, TokenCode: right() })), 'AccessDenied', MFA_LOCKED);
  const c = await consoleSignin(b, { account: b.accountId, userName: 'mfa-user', password: PASSWORD, mfaCode: right() });
  assertLocked(c);
  assert.equal(c.body.mfaRequired, true);
});

test('the database holds no plain scrypt hash; the throttle rows are the canonical keys', async (t) => {
  if ('unavailable' in db) return t.skip(db.unavailable);
  const client = new pg.Client({ connectionString: (db as TestDatabase).url });
  await client.connect();
  try {
    const profiles = await client.query<{ password_hash: string }>('select password_hash from iam_login_profiles');
    assert.equal(profiles.rows.length, 2);
    for (const r of profiles.rows) assert.ok(!r.password_hash.includes('scrypt$'), 'sealed');
    const keys = (await client.query<{ key: string }>('select key from auth_throttles order by key')).rows.map((r) => r.key);
    assert.deepEqual(keys, [`mfa:${device.serial}`, `signin:${a.accountId}:pw-user`]);
  } finally {
    await client.end();
  }
});
