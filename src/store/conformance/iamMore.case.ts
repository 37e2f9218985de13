/**
 * The conformance cases of migration 0008's repositories (instance profiles, server certificates, users'
 * other credentials, account options), run by store/conformance.test.ts on every backend.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { IamInstanceProfilesTable, IamServerCertificatesTable, IamUserCredentialsTable } from '../schema-iam-more.js';
import type { ConformanceEnv } from './env.js';

/** Accounts of these cases only (no other case uses the 9335... range). */
const ACCOUNT = '933500000001';
const OTHER = '933500000002';

const profile = (id: string, name: string, path = '/', accountId = ACCOUNT): IamInstanceProfilesTable => ({
  id,
  account_id: accountId,
  name,
  name_lc: name.toLowerCase(),
  path,
  created_at: 7,
  role_id: null,
  tags: '[]',
});

const cert = (id: string, name: string, path = '/'): IamServerCertificatesTable => ({
  id,
  account_id: ACCOUNT,
  name,
  name_lc: name.toLowerCase(),
  path,
  body: '-----BEGIN CERTIFICATE-----',
  chain: null,
  key_cipher: 'not-a-real-cipher',
  expires_at: 2_000_000_000_000,
  uploaded_at: 9,
  tags: '[]',
});

const cred = (id: string, userId: string, kind: IamUserCredentialsTable['kind'], createdAt: number, accountId = ACCOUNT): IamUserCredentialsTable => ({
  id,
  account_id: accountId,
  user_id: userId,
  kind,
  status: 'Active',
  body: kind === 'service' ? null : 'body',
  fingerprint: kind === 'service' ? null : 'fp',
  service_name: kind === 'service' ? 'codecommit.amazonaws.com' : null,
  service_user_name: kind === 'service' ? 'u-at-933500000001' : null,
  secret_cipher: kind === 'service' ? 'sealed' : null,
  created_at: createdAt,
  expires_at: null,
});

export function iamMoreCases(env: ConformanceEnv): void {
  const repos = () => env.store.repos;

  test('instance profiles: unique names case-insensitively per account; pages; one role set conditionally; tags; delete', async () => {
    const p = repos().instanceProfiles;
    await p.insert(profile('AIPACONFIP0000000001', 'Conf-IP-web', '/app/'));
    await p.insert(profile('AIPACONFIP0000000002', 'conf-ip-db'));
    await p.insert(profile('AIPACONFIP0000000003', 'conf-ip-web', '/', OTHER));
    await assert.rejects(p.insert(profile('AIPACONFIP0000000009', 'CONF-IP-WEB')));
    assert.deepEqual(await p.get(ACCOUNT, 'conf-ip-WEB'), profile('AIPACONFIP0000000001', 'Conf-IP-web', '/app/'));
    assert.equal(await p.get(ACCOUNT, 'conf-ip-none'), undefined);

    assert.deepEqual((await p.list(ACCOUNT, { limit: 1 })).map((r) => r.name), ['conf-ip-db', 'Conf-IP-web'], 'limit + 1 rows in name order');
    assert.deepEqual((await p.list(ACCOUNT, { after: 'conf-ip-db', limit: 5 })).map((r) => r.name), ['Conf-IP-web']);
    assert.deepEqual((await p.list(ACCOUNT, { limit: 5, pathPrefix: '/app/' })).map((r) => r.name), ['Conf-IP-web']);

    assert.equal(await p.setRole('AIPACONFIP0000000001', 'AROACONFIPROLE000001', null), true);
    assert.equal(await p.setRole('AIPACONFIP0000000001', 'AROACONFIPROLE000002', null), false, 'a profile holding a role is not set again');
    assert.equal(await p.setRole('AIPACONFIP0000000002', 'AROACONFIPROLE000001', null), true);
    assert.deepEqual((await p.ofRole('AROACONFIPROLE000001')).map((r) => r.name), ['conf-ip-db', 'Conf-IP-web']);
    assert.equal(await p.setRole('AIPACONFIP0000000002', null, 'AROACONFIPROLE000002'), false, 'removing a role it does not hold changes nothing');
    assert.equal(await p.setRole('AIPACONFIP0000000002', null, 'AROACONFIPROLE000001'), true);
    assert.deepEqual((await p.ofRole('AROACONFIPROLE000001')).map((r) => r.name), ['Conf-IP-web']);

    await p.setTags('AIPACONFIP0000000002', '[{"Key":"k","Value":"v"}]');
    assert.equal((await p.get(ACCOUNT, 'conf-ip-db'))?.tags, '[{"Key":"k","Value":"v"}]');
    assert.equal(await p.count(ACCOUNT), 2);
    assert.equal(await p.count(OTHER), 1);
    assert.equal(await p.delete('AIPACONFIP0000000002'), true);
    assert.equal(await p.delete('AIPACONFIP0000000002'), false);
  });

  test('server certificates: unique names per account; list by path in name order; rename; delete', async () => {
    const c = repos().serverCertificates;
    await c.insert(cert('ASCACONFSC0000000001', 'conf-sc-b', '/cloudfront/'));
    await c.insert(cert('ASCACONFSC0000000002', 'Conf-SC-a'));
    await assert.rejects(c.insert(cert('ASCACONFSC0000000009', 'CONF-SC-B')));
    assert.deepEqual(await c.get(ACCOUNT, 'CONF-sc-b'), cert('ASCACONFSC0000000001', 'conf-sc-b', '/cloudfront/'));
    assert.deepEqual((await c.list(ACCOUNT)).map((r) => r.name), ['Conf-SC-a', 'conf-sc-b']);
    assert.deepEqual((await c.list(ACCOUNT, '/cloudfront/')).map((r) => r.name), ['conf-sc-b']);
    await assert.rejects(c.update('ASCACONFSC0000000002', { name: 'conf-sc-B', name_lc: 'conf-sc-b' }), 'the new name is taken');
    await c.update('ASCACONFSC0000000002', { name: 'conf-sc-c', name_lc: 'conf-sc-c', path: '/p/' });
    assert.equal((await c.get(ACCOUNT, 'conf-sc-c'))?.path, '/p/');
    assert.equal(await c.delete('ASCACONFSC0000000002'), true);
    assert.equal(await c.delete('ASCACONFSC0000000002'), false);
  });

  test("user credentials: by account, kind and id; a user's by kind, oldest first; status and secret updates; delete", async () => {
    const u = repos().userCredentials;
    await u.insert(cred('APKACONFUC0000000002', 'AIDACONFUC0000000001', 'ssh', 20));
    await u.insert(cred('APKACONFUC0000000001', 'AIDACONFUC0000000001', 'ssh', 10));
    await u.insert(cred('ACCACONFUC0000000001', 'AIDACONFUC0000000001', 'service', 5));
    await u.insert(cred('CONFUC000000000000000001', 'AIDACONFUC0000000002', 'signing', 5));
    await u.insert(cred('APKACONFUC0000000003', 'AIDACONFUC0000000003', 'ssh', 1, OTHER));
    assert.equal(await u.get(ACCOUNT, 'signing', 'APKACONFUC0000000001'), undefined, 'another kind');
    assert.equal(await u.get(OTHER, 'ssh', 'APKACONFUC0000000001'), undefined, 'another account');
    assert.deepEqual(await u.get(ACCOUNT, 'ssh', 'APKACONFUC0000000001'), cred('APKACONFUC0000000001', 'AIDACONFUC0000000001', 'ssh', 10));
    assert.deepEqual((await u.ofUser('AIDACONFUC0000000001', 'ssh')).map((r) => r.id), ['APKACONFUC0000000001', 'APKACONFUC0000000002']);
    assert.deepEqual((await u.ofAccount(ACCOUNT, 'ssh')).map((r) => r.id), ['APKACONFUC0000000001', 'APKACONFUC0000000002']);
    assert.equal(await u.hasAny('AIDACONFUC0000000002', 'signing'), true);
    assert.equal(await u.hasAny('AIDACONFUC0000000002', 'ssh'), false);
    await u.update('ACCACONFUC0000000001', { status: 'Inactive', secret_cipher: 'resealed' });
    const s = await u.get(ACCOUNT, 'service', 'ACCACONFUC0000000001');
    assert.equal(s?.status, 'Inactive');
    assert.equal(s?.secret_cipher, 'resealed');
    assert.equal(await u.delete('APKACONFUC0000000002'), true);
    assert.equal(await u.delete('APKACONFUC0000000002'), false);
  });

  test('providers: updateOidcLists replaces client ids and/or thumbprints; false for no such provider', async () => {
    const p = repos().providers;
    const arn = 'arn:aws:iam::933500000001:oidc-provider/conf-more.example.com';
    await p.insertOidc({ arn, account_id: ACCOUNT, url: 'https://conf-more.example.com', client_ids: '["a"]', thumbprints: '[]', created_at: 1, tags: '[]' });
    assert.equal(await p.updateOidcLists(arn, { clientIds: ['a', 'b'] }), true);
    assert.equal(await p.updateOidcLists(arn, { thumbprints: ['f'.repeat(40)] }), true);
    const row = await p.getOidc(arn);
    assert.deepEqual([JSON.parse(row!.client_ids), JSON.parse(row!.thumbprints)], [['a', 'b'], ['f'.repeat(40)]]);
    assert.equal(await p.updateOidcLists(arn, {}), true);
    assert.equal(await p.updateOidcLists(`${arn}-none`, { clientIds: [] }), false);
    assert.equal(await p.updateOidcLists(`${arn}-none`, {}), false);
  });

  test('account options: deletion tasks by account and id; the STS token version created then replaced', async () => {
    const o = repos().accountOptions;
    const task = { id: 'task/aws-service-role/ecs.amazonaws.com/AWSServiceRoleForECS/conf-1', account_id: ACCOUNT, role_arn: 'arn:aws:iam::933500000001:role/x', status: 'SUCCEEDED' as const, created_at: 3 };
    await o.insertDeletionTask(task);
    assert.deepEqual(await o.getDeletionTask(ACCOUNT, task.id), task);
    assert.equal(await o.getDeletionTask(OTHER, task.id), undefined);
    assert.equal(await o.getTokenVersion(ACCOUNT), undefined);
    await o.setTokenVersion(ACCOUNT, 'v2Token');
    await o.setTokenVersion(ACCOUNT, 'v1Token');
    assert.equal(await o.getTokenVersion(ACCOUNT), 'v1Token');
    assert.equal(await o.getTokenVersion(OTHER), undefined);
  });
}
