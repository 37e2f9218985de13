/**
 * The conformance cases of the iam repositories (store/repos/), run by store/conformance.test.ts on
 * every backend (SQLite in memory and on disk, PostgreSQL).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { AccessKeysTable } from '../schema.js';
import type { IamEntitiesTable, IamMfaDevicesTable } from '../schema-iam.js';
import type { ConformanceEnv } from './env.js';

/** Accounts of these cases only (no other case uses the 9330... range). */
const ACCOUNT = '933000000001';
const OTHER_ACCOUNT = '933000000002';
const SUMMARY_ACCOUNT = '933000000003';

const entity = (id: string, kind: IamEntitiesTable['kind'], name: string, accountId = ACCOUNT, path = '/'): IamEntitiesTable => ({
  id,
  account_id: accountId,
  kind,
  name,
  name_lc: name.toLowerCase(),
  path,
  created_at: 1,
  description: null,
  trust_policy: null,
  max_session_duration: null,
  boundary_arn: null,
  tags: '[]',
  password_last_used: null,
  last_used_at: null,
  last_used_region: null,
});

const accessKey = (id: string, userId: string | null, createdAt: number, accountId = ACCOUNT): AccessKeysTable => ({
  access_key_id: id,
  account_id: accountId,
  principal_type: userId ? 'user' : 'root',
  user_id: userId,
  user_name: userId ? 'conf-keys-owner' : null,
  secret_cipher: 'not-a-real-cipher',
  status: 'Active',
  created_at: createdAt,
  last_used_at: null,
  last_used_service: null,
  last_used_region: null,
});

const mfaDevice = (serial: string, accountId = ACCOUNT): IamMfaDevicesTable => ({
  serial,
  account_id: accountId,
  name: serial.slice(serial.lastIndexOf('/') + 1),
  path: '/',
  seed_cipher: 'not-a-real-cipher',
  user_id: null,
  enable_date: null,
  created_at: 5,
  last_step: null,
  tags: '[]',
});

export function iamCases(env: ConformanceEnv): void {
  const repos = () => env.store.repos;

  test('iam: the accounts of the iam cases exist (access keys reference them)', async () => {
    for (const id of [ACCOUNT, OTHER_ACCOUNT, SUMMARY_ACCOUNT]) await repos().accounts.insert({ id, name: `conf-iam-${id}`, created_at: 1 });
    assert.ok(await repos().accounts.get(SUMMARY_ACCOUNT));
  });

  test('entities: names are unique case-insensitively per account and kind; get, update, list pages, count, delete', async () => {
    const e = repos().entities;
    await e.insert(entity('AIDACONFENT000000001', 'user', 'Conf-Ent-Bob', ACCOUNT, '/team/'));
    await e.insert(entity('AIDACONFENT000000002', 'user', 'conf-ent-alice'));
    await e.insert(entity('AIDACONFENT000000003', 'user', 'conf-ent-carol', ACCOUNT, '/team/'));
    await assert.rejects(e.insert(entity('AIDACONFENT000000009', 'user', 'CONF-ENT-BOB')));
    await e.insert(entity('AGPACONFENT000000001', 'group', 'conf-ent-bob'));
    await e.insert(entity('AIDACONFENT000000004', 'user', 'conf-ent-bob', OTHER_ACCOUNT));

    assert.equal((await e.get(ACCOUNT, 'user', 'CONF-ENT-bob'))?.id, 'AIDACONFENT000000001');
    assert.equal((await e.get(ACCOUNT, 'group', 'conf-ent-BOB'))?.id, 'AGPACONFENT000000001');
    assert.equal(await e.get(ACCOUNT, 'role', 'conf-ent-bob'), undefined);
    assert.deepEqual(await e.getById('AIDACONFENT000000001'), entity('AIDACONFENT000000001', 'user', 'Conf-Ent-Bob', ACCOUNT, '/team/'));
    assert.equal(await e.getById('AIDACONFNOSUCH000001'), undefined);

    await e.update('AIDACONFENT000000002', { description: 'd', max_session_duration: 7200 });
    const alice = await e.getById('AIDACONFENT000000002');
    assert.equal(alice?.description, 'd');
    assert.equal(alice?.max_session_duration, 7200);
    assert.equal(alice?.name, 'conf-ent-alice');

    const first = await e.list(ACCOUNT, 'user', { after: 'conf-ent-', limit: 2 });
    assert.deepEqual(first.map((r) => r.name), ['conf-ent-alice', 'Conf-Ent-Bob', 'conf-ent-carol'], 'limit + 1 rows, in name order');
    const after = await e.list(ACCOUNT, 'user', { after: 'conf-ent-alice', limit: 1 });
    assert.deepEqual(after.map((r) => r.name), ['Conf-Ent-Bob', 'conf-ent-carol']);
    const team = await e.list(ACCOUNT, 'user', { limit: 10, pathPrefix: '/team/' });
    assert.deepEqual(team.map((r) => r.name), ['Conf-Ent-Bob', 'conf-ent-carol']);
    assert.equal(await e.count(ACCOUNT, 'group'), 1);
    assert.equal(await e.count(OTHER_ACCOUNT, 'user'), 1);

    assert.equal(await e.delete('AIDACONFENT000000003'), true);
    assert.equal(await e.delete('AIDACONFENT000000003'), false);
    assert.equal(await e.getById('AIDACONFENT000000003'), undefined);
  });

  test('entities: group membership (idempotent add, name order both ways) and what blocks a delete', async () => {
    const e = repos().entities;
    await e.insert(entity('AIDACONFMEM000000001', 'user', 'conf-mem-zed'));
    await e.insert(entity('AIDACONFMEM000000002', 'user', 'conf-mem-amy'));
    await e.insert(entity('AGPACONFMEM000000001', 'group', 'conf-mem-ops'));
    await e.insert(entity('AGPACONFMEM000000002', 'group', 'conf-mem-dev'));
    assert.equal(await e.hasMembers('AGPACONFMEM000000001'), false);
    assert.equal(await e.hasGroups('AIDACONFMEM000000001'), false);

    const member = (group_id: string, user_id: string) => ({ group_id, user_id, account_id: ACCOUNT, created_at: 3 });
    await e.addMember(member('AGPACONFMEM000000001', 'AIDACONFMEM000000001'));
    await e.addMember(member('AGPACONFMEM000000001', 'AIDACONFMEM000000001'));
    await e.addMember(member('AGPACONFMEM000000001', 'AIDACONFMEM000000002'));
    await e.addMember(member('AGPACONFMEM000000002', 'AIDACONFMEM000000001'));
    assert.deepEqual((await e.usersOfGroup('AGPACONFMEM000000001')).map((u) => u.name), ['conf-mem-amy', 'conf-mem-zed']);
    assert.deepEqual((await e.groupsOfUser('AIDACONFMEM000000001')).map((g) => g.name), ['conf-mem-dev', 'conf-mem-ops']);
    assert.equal(await e.hasMembers('AGPACONFMEM000000001'), true);
    assert.equal(await e.hasGroups('AIDACONFMEM000000001'), true);

    assert.equal(await e.removeMember('AGPACONFMEM000000002', 'AIDACONFMEM000000001'), true);
    assert.equal(await e.removeMember('AGPACONFMEM000000002', 'AIDACONFMEM000000001'), false);
    assert.equal(await e.hasMembers('AGPACONFMEM000000002'), false);
    assert.deepEqual((await e.groupsOfUser('AIDACONFMEM000000001')).map((g) => g.name), ['conf-mem-ops']);

    assert.equal(await e.hasInlinePolicies('AIDACONFMEM000000002'), false);
    assert.equal(await e.hasAttachedPolicies('AIDACONFMEM000000002'), false);
    await repos().policies.putInline({ entity_id: 'AIDACONFMEM000000002', name: 'p', account_id: ACCOUNT, document: '{}' });
    await repos().policies.attach({ entity_id: 'AGPACONFMEM000000002', policy_arn: 'arn:aws:iam::aws:policy/ReadOnlyAccess', account_id: ACCOUNT, kind: 'group' });
    assert.equal(await e.hasInlinePolicies('AIDACONFMEM000000002'), true);
    assert.equal(await e.hasAttachedPolicies('AIDACONFMEM000000002'), false);
    assert.equal(await e.hasAttachedPolicies('AGPACONFMEM000000002'), true);
    assert.equal(await e.hasInlinePolicies('AGPACONFMEM000000002'), false);
  });

  test('accessKeys: an owner\'s keys (oldest first, then by id), status, owner rename, last use, delete', async () => {
    const k = repos().accessKeys;
    await k.insert(accessKey('AKIACONFKEYS00000002', 'AIDACONFKEYS00000001', 10));
    await k.insert(accessKey('AKIACONFKEYS00000001', 'AIDACONFKEYS00000001', 10));
    await k.insert(accessKey('AKIACONFKEYS00000000', 'AIDACONFKEYS00000001', 11));
    await k.insert(accessKey('AKIACONFKEYS00000003', 'AIDACONFKEYS00000002', 9));
    await k.insert(accessKey('AKIACONFKEYSROOT0001', null, 8));
    await k.insert(accessKey('AKIACONFKEYSROOT0002', null, 8, OTHER_ACCOUNT));

    assert.deepEqual(
      (await k.listOwned(ACCOUNT, 'AIDACONFKEYS00000001')).map((r) => r.access_key_id),
      ['AKIACONFKEYS00000001', 'AKIACONFKEYS00000002', 'AKIACONFKEYS00000000'],
    );
    assert.deepEqual((await k.listOwned(OTHER_ACCOUNT, 'AIDACONFKEYS00000001')).length, 0);
    assert.deepEqual((await k.listOwned(ACCOUNT, null)).map((r) => r.access_key_id), ['AKIACONFKEYSROOT0001']);
    assert.equal(await k.hasUserKeys('AIDACONFKEYS00000002'), true);
    assert.equal(await k.hasUserKeys('AIDACONFKEYSNOKEYS01'), false);

    await k.setStatus('AKIACONFKEYS00000001', 'Inactive');
    assert.equal((await k.get('AKIACONFKEYS00000001'))?.status, 'Inactive');
    assert.equal((await k.get('AKIACONFKEYS00000002'))?.status, 'Active');

    await k.setUserName('AIDACONFKEYS00000001', 'conf-keys-renamed');
    assert.deepEqual(
      (await k.listOwned(ACCOUNT, 'AIDACONFKEYS00000001')).map((r) => r.user_name),
      ['conf-keys-renamed', 'conf-keys-renamed', 'conf-keys-renamed'],
    );
    assert.equal((await k.get('AKIACONFKEYS00000003'))?.user_name, 'conf-keys-owner');

    await k.delete('AKIACONFKEYS00000003');
    assert.equal(await k.get('AKIACONFKEYS00000003'), undefined);
    assert.equal(await k.hasUserKeys('AIDACONFKEYS00000002'), false);
  });

  test('transaction: a user renamed with its keys commits together, or (name taken) not at all', async () => {
    await repos().entities.insert(entity('AIDACONFTRX000000001', 'user', 'conf-trx-old'));
    await repos().entities.insert(entity('AIDACONFTRX000000002', 'user', 'conf-trx-taken'));
    await repos().accessKeys.insert({ ...accessKey('AKIACONFTRX000000001', 'AIDACONFTRX000000001', 1), user_name: 'conf-trx-old' });
    const rename = (name: string) =>
      env.store.transaction(async (r) => {
        await r.accessKeys.setUserName('AIDACONFTRX000000001', name);
        await r.entities.update('AIDACONFTRX000000001', { name, name_lc: name.toLowerCase() });
      });
    await assert.rejects(rename('CONF-TRX-TAKEN'));
    assert.equal((await repos().entities.getById('AIDACONFTRX000000001'))?.name, 'conf-trx-old');
    assert.equal((await repos().accessKeys.get('AKIACONFTRX000000001'))?.user_name, 'conf-trx-old', 'rolled back');
    await rename('conf-trx-new');
    assert.equal((await repos().entities.getById('AIDACONFTRX000000001'))?.name, 'conf-trx-new');
    assert.equal((await repos().accessKeys.get('AKIACONFTRX000000001'))?.user_name, 'conf-trx-new');
  });

  test('loginProfiles: one per user; update, conditional hash replacement, delete', async () => {
    const p = repos().loginProfiles;
    const row = { user_id: 'AIDACONFLOGIN0000001', account_id: ACCOUNT, password_hash: 'conf-plain$one', reset_required: 1, created_at: 4, password_changed_at: null };
    await p.insert(row);
    await assert.rejects(p.insert({ ...row, password_hash: 'sealed-two' }));
    assert.deepEqual(await p.get('AIDACONFLOGIN0000001'), row);
    assert.equal(await p.get('AIDACONFLOGINNONE001'), undefined);

    await p.update('AIDACONFLOGIN0000001', { reset_required: 0 });
    assert.deepEqual(await p.get('AIDACONFLOGIN0000001'), { ...row, reset_required: 0 });

    await p.insert({ ...row, user_id: 'AIDACONFLOGIN0000002', password_hash: 'sealed-other' });
    assert.deepEqual(await p.listByHashPrefix('conf-plain$'), [{ user_id: 'AIDACONFLOGIN0000001', password_hash: 'conf-plain$one' }]);
    assert.equal(await p.replaceHash('AIDACONFLOGIN0000001', 'conf-plain$stale', 'sealed-x'), false);
    assert.equal(await p.replaceHash('AIDACONFLOGIN0000001', 'conf-plain$one', 'sealed-one'), true);
    assert.equal(await p.replaceHash('AIDACONFLOGIN0000001', 'conf-plain$one', 'sealed-again'), false);
    assert.equal((await p.get('AIDACONFLOGIN0000001'))?.password_hash, 'sealed-one');
    assert.deepEqual(await p.listByHashPrefix('conf-plain$'), []);

    await p.update('AIDACONFLOGIN0000001', { password_hash: 'sealed-three', reset_required: 1 });
    assert.deepEqual(await p.get('AIDACONFLOGIN0000001'), { ...row, password_hash: 'sealed-three' });
    await p.update('AIDACONFLOGIN0000001', { password_hash: 'sealed-four', password_changed_at: 9 });
    assert.deepEqual(await p.get('AIDACONFLOGIN0000001'), { ...row, password_hash: 'sealed-four', password_changed_at: 9 });

    assert.equal(await p.delete('AIDACONFLOGIN0000001'), true);
    assert.equal(await p.delete('AIDACONFLOGIN0000001'), false);
    assert.equal(await p.get('AIDACONFLOGIN0000001'), undefined);
  });

  test('mfaDevices: serials are unique; enable is conditional; listings; deactivate; delete only unassigned', async () => {
    const m = repos().mfaDevices;
    const serial = (n: string) => `arn:aws:iam::${ACCOUNT}:mfa/conf-mfa-${n}`;
    await m.insert(mfaDevice(serial('b')));
    await m.insert(mfaDevice(serial('a')));
    await m.insert(mfaDevice(serial('c')));
    await m.insert(mfaDevice(`arn:aws:iam::${OTHER_ACCOUNT}:mfa/conf-mfa-x`, OTHER_ACCOUNT));
    await assert.rejects(m.insert(mfaDevice(serial('a'))));
    assert.deepEqual(await m.get(serial('a')), mfaDevice(serial('a')));
    assert.equal(await m.get(serial('none')), undefined);

    assert.equal(await m.enable(serial('b'), 'AIDACONFMFA000000001', 100, 7), true);
    assert.equal(await m.enable(serial('b'), 'AIDACONFMFA000000002', 101, 8), false, 'assigned already');
    assert.equal(await m.enable(serial('none'), 'AIDACONFMFA000000002', 101, 8), false);
    assert.equal(await m.enable(serial('c'), ACCOUNT, 102, 9), true, 'the root');
    const b = await m.get(serial('b'));
    assert.deepEqual([b?.user_id, b?.enable_date, b?.last_step], ['AIDACONFMFA000000001', 100, 7]);

    assert.deepEqual((await m.listOfUser('AIDACONFMFA000000001')).map((d) => d.serial), [serial('b')]);
    assert.deepEqual((await m.listOfUser(ACCOUNT)).map((d) => d.serial), [serial('c')]);
    assert.equal(await m.hasDeviceOf('AIDACONFMFA000000001'), true);
    assert.equal(await m.hasDeviceOf('AIDACONFMFA000000002'), false);
    assert.deepEqual((await m.listInAccount(ACCOUNT, undefined)).map((d) => d.serial), [serial('a'), serial('b'), serial('c')]);
    assert.deepEqual((await m.listInAccount(ACCOUNT, 'Any')).map((d) => d.serial), [serial('a'), serial('b'), serial('c')]);
    assert.deepEqual((await m.listInAccount(ACCOUNT, 'Assigned')).map((d) => d.serial), [serial('b'), serial('c')]);
    assert.deepEqual((await m.listInAccount(ACCOUNT, 'Unassigned')).map((d) => d.serial), [serial('a')]);

    assert.equal(await m.deleteUnassigned(serial('b')), false, 'assigned');
    assert.ok(await m.get(serial('b')));
    await m.deactivate(serial('b'));
    const off = await m.get(serial('b'));
    assert.deepEqual([off?.user_id, off?.enable_date, off?.last_step], [null, null, 7]);
    assert.equal(await m.deleteUnassigned(serial('b')), true);
    assert.equal(await m.deleteUnassigned(serial('b')), false);
    assert.equal(await m.get(serial('b')), undefined);
  });

  test('mfaDevices: setTags replaces the device\'s tags; false for a serial with no device', async () => {
    const d = mfaDevice('arn:aws:iam::933000000009:mfa/conf-mfa-tagged', '933000000009');
    await repos().mfaDevices.insert(d);
    const tags = JSON.stringify([{ Key: 'team', Value: 'blue' }]);
    assert.equal(await repos().mfaDevices.setTags(d.serial, tags), true);
    assert.deepEqual(await repos().mfaDevices.get(d.serial), { ...d, tags });
    assert.equal(await repos().mfaDevices.setTags(`${d.serial}-none`, tags), false);
  });

  test('mfaDevices: a TOTP step is claimed once, only forward, and by exactly one of concurrent claims', async () => {
    const m = repos().mfaDevices;
    const serial = `arn:aws:iam::${ACCOUNT}:mfa/conf-mfa-steps`;
    await m.insert(mfaDevice(serial));
    assert.equal(await m.claimStep(serial, 1000), true);
    assert.equal(await m.claimStep(serial, 1000), false, 'single use');
    assert.equal(await m.claimStep(serial, 999), false, 'never backwards');
    assert.equal(await m.claimStep(`${serial}-none`, 2000), false);
    const results = await Promise.all(Array.from({ length: 8 }, () => m.claimStep(serial, 1001)));
    assert.equal(results.filter(Boolean).length, 1);
    assert.equal((await m.get(serial))?.last_step, 1001);
  });

  test('accountSettings: one alias per account, unique across accounts; the password policy', async () => {
    const s = repos().accountSettings;
    assert.deepEqual(await s.listAliases(ACCOUNT), []);
    await s.setAlias(ACCOUNT, 'conf-alias-one');
    await s.setAlias(ACCOUNT, 'conf-alias-two');
    assert.deepEqual(await s.listAliases(ACCOUNT), ['conf-alias-two']);
    await assert.rejects(s.setAlias(OTHER_ACCOUNT, 'conf-alias-two'));
    assert.deepEqual(await s.listAliases(OTHER_ACCOUNT), []);
    assert.equal(await s.deleteAlias(ACCOUNT, 'conf-alias-one'), false);
    assert.equal(await s.deleteAlias(OTHER_ACCOUNT, 'conf-alias-two'), false);
    assert.equal(await s.deleteAlias(ACCOUNT, 'conf-alias-two'), true);
    assert.deepEqual(await s.listAliases(ACCOUNT), []);
    await s.setAlias(OTHER_ACCOUNT, 'conf-alias-two');
    assert.deepEqual(await s.listAliases(OTHER_ACCOUNT), ['conf-alias-two']);

    assert.equal(await s.getPasswordPolicy(ACCOUNT), undefined);
    await s.putPasswordPolicy(ACCOUNT, '{"MinimumPasswordLength":8}');
    await s.putPasswordPolicy(ACCOUNT, '{"MinimumPasswordLength":12}');
    assert.equal(await s.getPasswordPolicy(ACCOUNT), '{"MinimumPasswordLength":12}');
    assert.equal(await s.getPasswordPolicy(OTHER_ACCOUNT), undefined);
    assert.equal(await s.deletePasswordPolicy(OTHER_ACCOUNT), false);
    assert.equal(await s.deletePasswordPolicy(ACCOUNT), true);
    assert.equal(await s.deletePasswordPolicy(ACCOUNT), false);
    assert.equal(await s.getPasswordPolicy(ACCOUNT), undefined);
  });

  test('accountSummary: counts of one account only', async () => {
    const a = SUMMARY_ACCOUNT;
    const r = repos();
    const zero = { users: 0, groups: 0, roles: 0, policies: 0, policyVersions: 0, mfaDevices: 0, mfaDevicesInUse: 0, rootMfaDevices: 0, rootAccessKeys: 0, samlProviders: 0, oidcProviders: 0 };
    assert.deepEqual(await r.accountSummary.counts(a), zero);
    await r.entities.insert(entity('AIDACONFSUM000000001', 'user', 'conf-sum-u1', a));
    await r.entities.insert(entity('AIDACONFSUM000000002', 'user', 'conf-sum-u2', a));
    await r.entities.insert(entity('AGPACONFSUM000000001', 'group', 'conf-sum-g', a));
    await r.entities.insert(entity('AROACONFSUM000000001', 'role', 'conf-sum-r', a));
    await r.mfaDevices.insert(mfaDevice(`arn:aws:iam::${a}:mfa/conf-sum-1`, a));
    await r.mfaDevices.insert(mfaDevice(`arn:aws:iam::${a}:mfa/conf-sum-2`, a));
    await r.mfaDevices.insert(mfaDevice(`arn:aws:iam::${a}:mfa/conf-sum-3`, a));
    await r.mfaDevices.enable(`arn:aws:iam::${a}:mfa/conf-sum-1`, 'AIDACONFSUM000000001', 1, 1);
    await r.mfaDevices.enable(`arn:aws:iam::${a}:mfa/conf-sum-2`, a, 1, 1);
    await r.accessKeys.insert(accessKey('AKIACONFSUMROOT00001', null, 1, a));
    await r.accessKeys.insert(accessKey('AKIACONFSUMUSER00001', 'AIDACONFSUM000000001', 1, a));
    assert.deepEqual(await r.accountSummary.counts(a), { ...zero, users: 2, groups: 1, roles: 1, mfaDevices: 3, mfaDevicesInUse: 2, rootMfaDevices: 1, rootAccessKeys: 1 });
  });
}
