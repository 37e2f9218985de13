/**
 * The sign-in throttle and console passwords at rest, against real servers (raw HTTP for the console's
 * sign-in API, the AWS SDK for JS for IAM and STS, oathtool for the right MFA codes):
 *
 *  1. Five wrong console passwords lock the user: the padded account id, the alias and the upper-case user
 *     name all hit the same budget (429 with Retry-After), even the right password is refused, and so is
 *     ChangePassword's old-password check; an unresolvable account and root sign-in have budgets too; the
 *     lock survives hundreds of other failing keys (nothing is cleared by volume); after a restart with the
 *     clock moved past the lock the next failure locks twice as long, and after that the right password
 *     gets through.
 *  2. Five wrong MFA codes through GetSessionToken lock the device: the right code is refused by
 *     GetSessionToken, AssumeRole and console sign-in.
 *  3. The SQLite files hold no plain scrypt hash after CreateLoginProfile; a plain (pre-sealing) row is
 *     sealed at start-up and still signs in.
 */
import assert from 'node:assert/strict';
import { randomBytes, scryptSync } from 'node:crypto';
import { readdirSync, readFileSync, rmSync, statSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import SQLite from 'better-sqlite3';
import { ChangePasswordCommand, CreateAccountAliasCommand, CreateLoginProfileCommand, CreateRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import { AssumeRoleCommand, GetSessionTokenCommand, STSClient } from '@aws-sdk/client-sts';
import { doc } from '../helpers/aws-errors.js';
import { sdkConfig, type Creds } from '../helpers/clients.js';
import { enabledMfaDevice, oathtoolCode, rejectsWith, userWithKey } from '../helpers/iam.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { assertLocked, consoleSignin, MFA_INVALID, MFA_LOCKED, PASSWORD, wrongCode } from './signinHelpers.js';

const WRONG = 'Not-The-Pa55word!';

/** Every file of the data directory as bytes (the database, its WAL and shared memory). */
function dataDirBytes(dir: string): Buffer {
  return Buffer.concat(readdirSync(dir).map((f) => join(dir, f)).filter((p) => statSync(p).isFile()).map((p) => readFileSync(p)));
}

describe('console passwords: one budget per resolved account + user name, on disk only sealed', () => {
  const root = { accessKeyId: 'AKIATHROTTLEROOT0001', secretAccessKey: 'throttle-root-secret-000000000000000000' };
  const dataDir = mkdtempSync(join(tmpdir(), 'tessera-throttle-'));
  let server: TestServer;
  let iam: IAMClient;
  let aliceKeys: Creds;
  const start = async (offsetSeconds = 0) => {
    server = await startServer({ dataDir, root, args: ['--log', 'off', ...(offsetSeconds ? ['--unsafe-clock-offset', String(offsetSeconds)] : [])] });
    iam = new IAMClient(sdkConfig(server));
  };
  const alice = (fields: Record<string, string> = {}) => consoleSignin(server, { account: server.accountId, userName: 'alice', password: PASSWORD, ...fields });

  before(async () => {
    await start();
    await iam.send(new CreateAccountAliasCommand({ AccountAlias: 'throttle-corp' }));
    aliceKeys = await userWithKey(iam, 'alice', [{ Effect: 'Allow', Action: 'iam:ChangePassword', Resource: '*' }]);
    await iam.send(new CreateLoginProfileCommand({ UserName: 'alice', Password: PASSWORD }));
  });
  after(async () => {
    await server?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  test('after CreateLoginProfile no file of the data directory holds a scrypt hash; the right password signs in', async () => {
    assert.equal(dataDirBytes(dataDir).includes('scrypt$'), false);
    const ok = await alice();
    assert.equal(ok.status, 200, JSON.stringify(ok.body));
    assert.equal(ok.body.arn, `arn:aws:iam::${server.accountId}:user/alice`);
  });

  test('five wrong passwords lock the user: padded id, alias and upper-case name are refused, the right password too', async () => {
    for (let i = 0; i < 5; i++) assert.equal((await alice({ password: WRONG })).status, 401);
    assertLocked(await alice({ account: ` ${server.accountId}` }));
    assertLocked(await alice({ account: `${server.accountId} ` }));
    assertLocked(await alice({ account: 'throttle-corp' }));
    assertLocked(await alice({ account: ' throttle-corp ', userName: 'ALICE' }));
    assertLocked(await alice({ account: 'THROTTLE-CORP', userName: ' alice ' }));
    assertLocked(await alice({ userName: 'Alice' }));
    // ChangePassword's old-password check is no way around the lock.
    const asAlice = new IAMClient(sdkConfig(server, aliceKeys));
    await rejectsWith(asAlice.send(new ChangePasswordCommand({ OldPassword: PASSWORD, NewPassword: 'Another-Pa55word!' })), 'LimitExceededException', /^Too many failed password attempts/);
  });

  test('an account that does not resolve still has a bounded budget (normalized input)', async () => {
    for (let i = 0; i < 5; i++) assert.equal((await alice({ account: 'no-such-alias' })).status, 401);
    assertLocked(await alice({ account: ' NO-SUCH-ALIAS ' }));
  });

  test("root console sign-in: five wrong secrets lock the account's root sign-in", async () => {
    const rootSignin = (secretAccessKey: string) => consoleSignin(server, { kind: 'root', accessKeyId: root.accessKeyId, secretAccessKey });
    for (let i = 0; i < 5; i++) assert.equal((await rootSignin('wrong-secret')).status, 401);
    assertLocked(await rootSignin(root.secretAccessKey));
  });

  test('the lock survives hundreds of other failing keys: nothing is cleared by volume', async () => {
    const names = Array.from({ length: 150 }, (_, i) => `ghost-${i}`);
    for (let i = 0; i < names.length; i += 6) {
      const batch = await Promise.all(names.slice(i, i + 6).map((userName) => alice({ userName, password: WRONG })));
      for (const a of batch) assert.equal(a.status, 401);
    }
    assertLocked(await alice());
    const db = new SQLite(join(dataDir, 'tessera.db'), { readonly: true });
    try {
      const count = db.prepare('select count(*) as n from auth_throttles').get() as { n: number };
      assert.ok(count.n >= 150 + 3, `${count.n} throttle rows`);
      const row = db.prepare('select failures from auth_throttles where key = ?').get(`signin:${server.accountId}:alice`) as { failures: number };
      assert.equal(row.failures, 5);
    } finally {
      db.close();
    }
  });

  test('past the lock the next failure locks twice as long; past that the right password gets through and clears', async () => {
    await server.stop();
    await start(61); // the 60 s lock has passed (same database, the server's clock 61 s ahead)
    assert.equal((await alice({ password: WRONG })).status, 401);
    assertLocked(await alice(), 60, 120);
    await server.stop();
    await start(61 + 121);
    const ok = await alice({ account: 'throttle-corp' });
    assert.equal(ok.status, 200, JSON.stringify(ok.body));
    assert.equal((await alice({ password: WRONG })).status, 401, 'a success cleared the count');
  });

  test('a plain scrypt hash from before sealing is sealed at start-up and still signs in', async () => {
    await server.stop();
    const legacyPassword = 'Legacy-Stored-Pa55word!';
    const salt = randomBytes(16);
    const key = scryptSync(legacyPassword, salt, 32, { N: 16384, r: 8, p: 1 });
    const plain = `scrypt$16384$8$1$${salt.toString('base64')}$${key.toString('base64')}`;
    const file = join(dataDir, 'tessera.db');
    let db = new SQLite(file);
    db.prepare("update iam_login_profiles set password_hash = ? where user_id = (select id from iam_entities where name = 'alice')").run(plain);
    db.close();
    await start(61 + 121);
    db = new SQLite(file, { readonly: true });
    const stored = (db.prepare('select password_hash from iam_login_profiles').all() as { password_hash: string }[]).map((r) => r.password_hash);
    db.close();
    assert.equal(stored.length, 1);
    assert.ok(!stored[0]!.startsWith('scrypt$'), 'sealed at start-up');
    const ok = await alice({ password: legacyPassword });
    assert.equal(ok.status, 200, JSON.stringify(ok.body));
  });
});

describe('MFA: one budget per device for STS and the console', () => {
  let server: TestServer;
  let iam: IAMClient;
  let keys: Creds;
  let device: { serial: string; seed: string };
  let roleArn: string;

  before(async () => {
    server = await startServer({ args: ['--log', 'off'] });
    iam = new IAMClient(sdkConfig(server));
    keys = await userWithKey(iam, 'mfa-user');
    await iam.send(new CreateLoginProfileCommand({ UserName: 'mfa-user', Password: PASSWORD }));
    device = await enabledMfaDevice(iam, 'mfa-user', 'mfa-user-device');
    const trust = [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${server.accountId}:user/mfa-user` }, Action: 'sts:AssumeRole' }];
    roleArn = (await iam.send(new CreateRoleCommand({ RoleName: 'mfa-role', AssumeRolePolicyDocument: doc(trust) }))).Role!.Arn!;
  });
  after(async () => {
    await server?.stop();
  });

  test('after five wrong codes through GetSessionToken the right code is refused by GetSessionToken, AssumeRole and the console', async () => {
    const sts = new STSClient(sdkConfig(server, keys));
    const right = () => oathtoolCode(device.seed, 30); // the next step: never used, within tolerance
    for (let i = 0; i < 5; i++) {
      await rejectsWith(sts.send(new GetSessionTokenCommand({ SerialNumber: device.serial, TokenCode: wrongCode(right()) })), 'AccessDenied', MFA_INVALID);
    }
    await rejectsWith(sts.send(new GetSessionTokenCommand({ SerialNumber: device.serial, TokenCode: right() })), 'AccessDenied', MFA_LOCKED);
    await rejectsWith(sts.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'ss', SerialNumber: device.serial, TokenCode: right() })), 'AccessDenied', MFA_LOCKED);
    const c = await consoleSignin(server, { account: server.accountId, userName: 'mfa-user', password: PASSWORD, mfaCode: right() });
    assertLocked(c);
    assert.equal(c.body.mfaRequired, true);
  });
});
