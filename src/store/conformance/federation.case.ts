/**
 * The conformance cases of the federation repositories (store/repos/), run by store/conformance.test.ts on
 * every backend (SQLite in memory and on disk, PostgreSQL).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openStore } from '../open.js';
import type { Store } from '../store.js';
import type { ConformanceEnv } from './env.js';

/** A second handle on the same database (a second process, as far as the store knows); the same one in memory. */
async function otherHandle(env: ConformanceEnv): Promise<{ other: Store; done: () => Promise<void> }> {
  if (env.options.memory) return { other: env.store, done: async () => undefined };
  const other = await openStore(env.options);
  return { other, done: () => other.close() };
}

export function federationCases(env: ConformanceEnv): void {
  const repos = () => env.store.repos;

  test('keyring: insert, then every key oldest first (creation time, then id); nothing stays after a rollback', async () => {
    const rolledBack = new Error('roll back');
    await assert.rejects(
      env.store.transaction(async (r) => {
        await r.keyring.insert({ id: 'kconf-b', created_at: 2, wrapped: 'wrapped-b' });
        await r.keyring.insert({ id: 'kconf-c', created_at: 1, wrapped: 'wrapped-c' });
        await r.keyring.insert({ id: 'kconf-a', created_at: 2, wrapped: 'wrapped-a' });
        const mine = (await r.keyring.listOldestFirst()).filter((k) => k.id.startsWith('kconf-'));
        assert.deepEqual(mine, [
          { id: 'kconf-c', created_at: 1, wrapped: 'wrapped-c' },
          { id: 'kconf-a', created_at: 2, wrapped: 'wrapped-a' },
          { id: 'kconf-b', created_at: 2, wrapped: 'wrapped-b' },
        ]);
        throw rolledBack; // keys the ring cannot open must not stay (KeyRing.open would refuse them)
      }),
      (e) => e === rolledBack,
    );
    const all = await repos().keyring.listOldestFirst();
    assert.ok(all.length > 0, 'the ring key is there');
    assert.ok(!all.some((k) => k.id.startsWith('kconf-')));
    assert.equal(all.at(-1)!.id, env.keyring.currentKeyId, 'the newest key is the current one');
  });

  test('signinTokens: a token id is redeemed once; a second redemption returns false', async () => {
    assert.equal(await repos().signinTokens.redeem('conf-token-once', 1_900_000_000_000), true);
    assert.equal(await repos().signinTokens.redeem('conf-token-once', 1_900_000_000_000), false);
    assert.equal(await repos().signinTokens.redeem('conf-token-once', 1_900_000_000_999), false, 'another expiry does not help');
  });

  test('signinTokens: concurrent redemptions of one id through two handles: exactly one wins', async () => {
    const { other, done } = await otherHandle(env);
    const results = await Promise.all(Array.from({ length: 8 }, (_, i) => (i % 2 ? other : env.store).repos.signinTokens.redeem('conf-token-race', 1_900_000_000_000)));
    assert.equal(results.filter(Boolean).length, 1);
    await done();
  });

  test('signinTokens: ids are forgotten only when they expired strictly before the cut-off', async () => {
    assert.equal(await repos().signinTokens.redeem('conf-token-old', 100), true);
    assert.equal(await repos().signinTokens.redeem('conf-token-edge', 101), true);
    await repos().signinTokens.deleteExpiredBefore(101);
    assert.equal(await repos().signinTokens.redeem('conf-token-old', 100), true, 'forgotten: redeemable again');
    assert.equal(await repos().signinTokens.redeem('conf-token-edge', 101), false, 'expiring at the cut-off: kept');
    assert.equal(await repos().signinTokens.redeem('conf-token-once', 1_900_000_000_000), false);
  });

  const session = (id: string, expires_at: number) => ({
    id,
    account_id: '123456789012',
    principal_arn: 'arn:aws:iam::123456789012:user/conf',
    created_at: 10,
    expires_at,
    ended_at: null,
    issuer: id.endsWith('issuer') ? 'https://idp.example/logout' : null,
    token_cipher: `cipher-of-${id}`,
  });

  test('consoleSessions: insert and get every field; an unknown id is undefined', async () => {
    await repos().consoleSessions.insert(session('conf-session-issuer', 1_900_000_000_000));
    assert.deepEqual(await repos().consoleSessions.get('conf-session-issuer'), session('conf-session-issuer', 1_900_000_000_000));
    assert.equal(await repos().consoleSessions.get('conf-session-none'), undefined);
  });

  test('consoleSessions: end marks the session once (a second end keeps the first time); ending an unknown id does nothing', async () => {
    await repos().consoleSessions.insert(session('conf-session-end', 1_900_000_000_000));
    await repos().consoleSessions.end('conf-session-end', 500);
    assert.equal((await repos().consoleSessions.get('conf-session-end'))?.ended_at, 500);
    await repos().consoleSessions.end('conf-session-end', 900);
    assert.deepEqual(await repos().consoleSessions.get('conf-session-end'), { ...session('conf-session-end', 1_900_000_000_000), ended_at: 500 });
    await repos().consoleSessions.end('conf-session-nobody', 500);
    assert.equal(await repos().consoleSessions.get('conf-session-nobody'), undefined);
  });

  test('consoleSessions: sessions go when they expired strictly before the cut-off', async () => {
    await repos().consoleSessions.insert(session('conf-session-old', 1000));
    await repos().consoleSessions.insert(session('conf-session-edge', 1001));
    await repos().consoleSessions.deleteExpiredBefore(1001);
    assert.equal(await repos().consoleSessions.get('conf-session-old'), undefined);
    assert.equal((await repos().consoleSessions.get('conf-session-edge'))?.expires_at, 1001);
    assert.equal((await repos().consoleSessions.get('conf-session-issuer'))?.issuer, 'https://idp.example/logout');
  });

  test('consoleSessions: endAllOf ends every open session of one principal in one account, no other; the ended keep their time', async () => {
    const arn = 'arn:aws:iam::123456789012:user/conf-everywhere';
    const of = (id: string, account_id = '123456789012', principal_arn = arn) => ({ ...session(id, 1_900_000_000_000), account_id, principal_arn });
    await repos().consoleSessions.insert(of('conf-all-1'));
    await repos().consoleSessions.insert(of('conf-all-2'));
    await repos().consoleSessions.insert(of('conf-all-ended'));
    await repos().consoleSessions.end('conf-all-ended', 50);
    await repos().consoleSessions.insert(of('conf-all-other-user', '123456789012', 'arn:aws:iam::123456789012:user/conf-other'));
    await repos().consoleSessions.insert(of('conf-all-other-account', '210987654321', arn));
    assert.equal(await repos().consoleSessions.endAllOf('123456789012', arn, 700), 2);
    assert.equal((await repos().consoleSessions.get('conf-all-1'))?.ended_at, 700);
    assert.equal((await repos().consoleSessions.get('conf-all-2'))?.ended_at, 700);
    assert.equal((await repos().consoleSessions.get('conf-all-ended'))?.ended_at, 50);
    assert.equal((await repos().consoleSessions.get('conf-all-other-user'))?.ended_at, null);
    assert.equal((await repos().consoleSessions.get('conf-all-other-account'))?.ended_at, null);
    assert.equal(await repos().consoleSessions.endAllOf('123456789012', arn, 800), 0);
  });

  test('federationReplay: a key is remembered once; a replay before it expires is refused; after, it is remembered again', async () => {
    const r = repos().federationReplay;
    assert.equal(await r.remember('conf-replay-a', 1000, 500), true);
    assert.equal(await r.remember('conf-replay-a', 1000, 600), false);
    assert.equal(await r.remember('conf-replay-a', 5000, 1000), false, 'expiring at now still blocks');
    assert.equal(await r.remember('conf-replay-a', 2000, 1001), true, 'expired before now: no longer blocks');
    assert.equal(await r.remember('conf-replay-a', 2000, 1500), false);
  });

  test('federationReplay: concurrent redemptions of one key through two handles: exactly one wins', async () => {
    const { other, done } = await otherHandle(env);
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) => (i % 2 ? other : env.store).repos.federationReplay.remember('conf-replay-race', 1_900_000_000_000, 1_000)),
    );
    assert.equal(results.filter(Boolean).length, 1);
    await done();
  });

  test('federationReplay: deleteExpiredBefore forgets keys that expired strictly before the cut-off', async () => {
    const r = repos().federationReplay;
    assert.equal(await r.remember('conf-replay-sweep', 3000, 100), true);
    await r.deleteExpiredBefore(3000);
    assert.equal(await r.remember('conf-replay-sweep', 3000, 100), false, 'expiring at the cut-off: kept');
    await r.deleteExpiredBefore(3001);
    assert.equal(await r.remember('conf-replay-sweep', 3000, 100), true, 'forgotten: remembered again');
  });

  test('signinLookups: account by alias, login profile, the enabled MFA device; refusals are undefined', async () => {
    const acct = '210987654329';
    await env.store.db.insertInto('iam_account_aliases').values({ account_id: acct, alias: 'conf-alias' }).execute();
    const profile = { user_id: 'AIDACONFSIGNIN000001', account_id: acct, password_hash: 'sealed', reset_required: 0, created_at: 3, password_changed_at: null };
    await env.store.db.insertInto('iam_login_profiles').values(profile).execute();
    const device = (name: string, user_id: string | null, enable_date: number | null) => ({
      serial: `arn:aws:iam::${acct}:mfa/${name}`,
      account_id: acct,
      name,
      path: '/',
      seed_cipher: 'sealed-seed',
      user_id,
      enable_date,
      created_at: 4,
      last_step: null,
      tags: '[]',
    });
    await env.store.db
      .insertInto('iam_mfa_devices')
      .values([
        device('conf-enabled', 'AIDACONFSIGNIN000001', 5),
        device('conf-unassigned', null, null),
        device('conf-not-enabled', 'AIDACONFSIGNIN000002', null),
        device('conf-root', acct, 6),
      ])
      .execute();
    const r = repos().signinLookups;
    assert.equal(await r.accountIdByAlias('conf-alias'), acct);
    assert.equal(await r.accountIdByAlias('conf-no-alias'), undefined);
    assert.deepEqual(await r.loginProfile('AIDACONFSIGNIN000001'), profile);
    assert.equal(await r.loginProfile('AIDACONFSIGNIN000002'), undefined);
    assert.equal(await r.enabledMfaSerial(acct, 'AIDACONFSIGNIN000001'), `arn:aws:iam::${acct}:mfa/conf-enabled`);
    assert.equal(await r.enabledMfaSerial(acct, 'AIDACONFSIGNIN000002'), undefined, 'not enabled');
    assert.equal(await r.enabledMfaSerial('210987654328', 'AIDACONFSIGNIN000001'), undefined, 'another account');
    assert.equal(await r.enabledMfaSerial(acct, acct), `arn:aws:iam::${acct}:mfa/conf-root`, 'root: the account id is the owner');
  });
}
