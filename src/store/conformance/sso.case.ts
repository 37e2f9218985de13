/**
 * The conformance cases of IAM Identity Center's repositories (ssoDirectory, ssoTokens), run by
 * store/conformance.test.ts on every backend.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { test } from 'node:test';
import type { SsoUsersTable } from '../schema-sso.js';
import type { ConformanceEnv } from './env.js';

const user = (account: string, name: string, now: number): SsoUsersTable => ({
  id: randomUUID(),
  account_id: account,
  user_name: name,
  user_name_lc: name.toLowerCase(),
  display_name: name,
  email: null,
  password_cipher: 'sealed',
  mfa_seed_cipher: null,
  mfa_last_step: null,
  created_at: now,
});

export function ssoCases(env: ConformanceEnv): void {
  const repos = () => env.store.repos;

  test('sso directory: user names unique per account case-insensitively; pages in name order; MFA steps spent once, in order', async () => {
    const d = repos().ssoDirectory;
    const acct = `sso-${randomUUID().slice(0, 8)}`;
    const alice = user(acct, 'Alice', 1);
    await d.insertUser(alice);
    await d.insertUser(user(acct, 'bob', 2));
    await d.insertUser(user(acct, 'carol', 3));
    await assert.rejects(d.insertUser(user(acct, 'ALICE', 4)));
    await d.insertUser(user(`${acct}-other`, 'alice', 5));
    assert.equal((await d.userByName(acct, 'aLiCe'))?.id, alice.id);
    assert.equal((await d.getUser(acct, alice.id))?.user_name, 'Alice');
    assert.equal(await d.getUser(`${acct}-other`, alice.id), undefined);
    assert.deepEqual((await d.listUsers(acct, { limit: 2 })).map((u) => u.user_name), ['Alice', 'bob']);
    assert.deepEqual((await d.listUsers(acct, { after: 'bob', limit: 2 })).map((u) => u.user_name), ['carol']);
    assert.equal(await d.spendMfaStep(alice.id, 100), true);
    assert.equal(await d.spendMfaStep(alice.id, 100), false, 'the same step twice');
    assert.equal(await d.spendMfaStep(alice.id, 99), false, 'an earlier step');
    assert.equal(await d.spendMfaStep(alice.id, 101), true);
  });

  test('sso directory: groups, memberships (once), permission sets, assignments by principal; deleting one reports whether it existed', async () => {
    const d = repos().ssoDirectory;
    const acct = `sso-${randomUUID().slice(0, 8)}`;
    const u = user(acct, 'dave', 1);
    await d.insertUser(u);
    const g = { id: randomUUID(), account_id: acct, display_name: 'Admins', display_name_lc: 'admins', description: null, created_at: 1 };
    await d.insertGroup(g);
    await assert.rejects(d.insertGroup({ ...g, id: randomUUID(), display_name: 'ADMINS' }));
    await d.insertMembership({ membership_id: randomUUID(), account_id: acct, group_id: g.id, user_id: u.id, created_at: 2 });
    await assert.rejects(d.insertMembership({ membership_id: randomUUID(), account_id: acct, group_id: g.id, user_id: u.id, created_at: 3 }));
    assert.deepEqual(await d.groupIdsOfUser(u.id), [g.id]);
    const ps = {
      arn: `arn:aws:sso:::permissionSet/ssoins-x/ps-${randomUUID().slice(0, 8)}`,
      account_id: acct,
      name: 'ReadOnly',
      name_lc: 'readonly',
      description: null,
      session_duration: 'PT2H',
      relay_state: null,
      managed_policies: '[]',
      inline_policy: null,
      created_at: 1,
    };
    await d.insertPermissionSet(ps);
    await d.updatePermissionSet(ps.arn, { managed_policies: '["arn:aws:iam::aws:policy/ReadOnlyAccess"]', inline_policy: '{}' });
    const got = await d.getPermissionSet(acct, ps.arn);
    assert.equal(got?.managed_policies, '["arn:aws:iam::aws:policy/ReadOnlyAccess"]');
    assert.equal(got?.inline_policy, '{}');
    assert.equal(await d.getPermissionSet('someone-else', ps.arn), undefined);
    assert.deepEqual((await d.listPermissionSets(acct)).map((p) => p.arn), [ps.arn]);
    const a = { account_id: acct, permission_set_arn: ps.arn, target_account_id: '111122223333', principal_type: 'GROUP' as const, principal_id: g.id, created_at: 5 };
    assert.equal(await d.insertAssignment(a), true);
    assert.equal(await d.insertAssignment(a), false, 'the same assignment again');
    assert.deepEqual((await d.assignmentsFor([u.id, g.id])).map((x) => x.principal_id), [g.id]);
    assert.deepEqual(await d.assignmentsFor([]), []);
    assert.equal((await d.assignmentsOf(ps.arn, '111122223333')).length, 1);
    const key = { permission_set_arn: ps.arn, target_account_id: '111122223333', principal_type: 'GROUP' as const, principal_id: g.id };
    assert.equal(await d.deleteAssignment(key), true);
    assert.equal(await d.deleteAssignment(key), false);
  });

  test('sso tokens: a device authorization is decided once and redeemed once; a token revoked once; expired rows swept', async () => {
    const t = repos().ssoTokens;
    const id = randomUUID();
    await t.insertClient({ client_id: `c-${id}`, client_name: 'cli', secret_hash: 'h', created_at: 1, expires_at: 1000 });
    assert.equal((await t.getClient(`c-${id}`))?.client_name, 'cli');
    assert.ok((await t.countLiveClients(999)) >= 1);
    const dev = {
      device_hash: `d-${id}`,
      user_code_hash: `u-${id}`,
      client_id: `c-${id}`,
      created_at: 1,
      expires_at: 600,
      interval_seconds: 1,
      last_poll_at: null,
      status: 'pending' as const,
      user_id: null,
      account_id: null,
    };
    await t.insertDevice(dev);
    await assert.rejects(t.insertDevice({ ...dev, device_hash: `d2-${id}` }), 'user codes are unique');
    assert.equal(await t.countPendingDevices(`c-${id}`, 10), 1);
    assert.equal(await t.countPendingDevices(`c-${id}`, 600), 0, 'expired ones do not count');
    await t.polled(dev.device_hash, 7);
    assert.equal((await t.deviceByUserCode(`u-${id}`))?.last_poll_at, 7);
    assert.equal(await t.redeem(dev.device_hash), false, 'not approved yet');
    assert.equal(await t.decide(dev.device_hash, 'approved', 'user-1', 'acct'), true);
    assert.equal(await t.decide(dev.device_hash, 'denied', 'user-2', 'acct'), false, 'decided already');
    assert.equal((await t.getDevice(dev.device_hash))?.user_id, 'user-1');
    assert.equal(await t.redeem(dev.device_hash), true);
    assert.equal(await t.redeem(dev.device_hash), false, 'single use');
    await t.insertToken({ token_hash: `t-${id}`, kind: 'refresh', client_id: `c-${id}`, user_id: 'user-1', account_id: 'acct', created_at: 1, expires_at: 2000, revoked_at: null });
    assert.equal(await t.revoke(`t-${id}`, 5), true);
    assert.equal(await t.revoke(`t-${id}`, 6), false);
    assert.equal((await t.getToken(`t-${id}`))?.revoked_at, 5);
    await t.deleteExpiredBefore(1500);
    assert.equal(await t.getClient(`c-${id}`), undefined);
    assert.equal(await t.getDevice(dev.device_hash), undefined);
    assert.ok(await t.getToken(`t-${id}`), 'not expired yet');
  });
}
