/**
 * The conformance cases of the IAM policy and identity-provider repositories (store/repos/iamPolicies.ts,
 * iamProviders.ts), run by store/conformance.test.ts on every backend (SQLite in memory and on disk,
 * PostgreSQL). Account ids 7777000000xx are these cases' own.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { IamEntitiesTable, IamOidcProvidersTable, IamPoliciesTable, IamSamlProvidersTable } from '../schema-iam.js';
import type { ConformanceEnv } from './env.js';

const policyRow = (accountId: string, name: string, at: number): IamPoliciesTable => ({
  arn: `arn:aws:iam::${accountId}:policy/${name}`,
  id: `ANPACONF${name.toUpperCase().padEnd(12, '0').slice(0, 12)}`,
  account_id: accountId,
  name,
  name_lc: name.toLowerCase(),
  path: '/',
  description: null,
  default_version: 'v1',
  next_version: 2,
  created_at: at,
  updated_at: at,
  tags: '[]',
});

const entityRow = (accountId: string, id: string, kind: IamEntitiesTable['kind'], name: string, boundary: string | null): IamEntitiesTable => ({
  id,
  account_id: accountId,
  kind,
  name,
  name_lc: name.toLowerCase(),
  path: '/',
  created_at: 1,
  description: null,
  trust_policy: null,
  max_session_duration: null,
  boundary_arn: boundary,
  tags: '[]',
  password_last_used: null,
  last_used_at: null,
  last_used_region: null,
});

const DOC = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}';

export function iamPolicyCases(env: ConformanceEnv): void {
  const { store } = env;

  test('policies: create writes the policy with its first version; a second create of the ARN is refused, unchanged', async () => {
    const a = '777700000001';
    const row = policyRow(a, 'ConfCreate', 1000);
    assert.equal(await store.repos.policies.create(row, DOC), true);
    assert.deepEqual(await store.repos.policies.get(row.arn), row);
    assert.deepEqual(await store.repos.policies.listVersions(row.arn), [{ policy_arn: row.arn, version_id: 'v1', document: DOC, created_at: 1000 }]);
    assert.equal(await store.repos.policies.defaultDocument(row.arn), DOC);
    assert.equal(await store.repos.policies.create({ ...row, description: 'other', created_at: 2000 }, '{}'), false);
    assert.deepEqual(await store.repos.policies.get(row.arn), row);
    const sameName = { ...row, arn: `arn:aws:iam::${a}:policy/other/CONFCREATE`, name: 'CONFCREATE', name_lc: 'confcreate', path: '/other/' };
    assert.equal(await store.repos.policies.create(sameName, DOC), false, 'the name is unique in the account, whatever the case and path');
    assert.equal(await store.repos.policies.get(sameName.arn), undefined);
    assert.deepEqual(await store.repos.policies.listVersions(sameName.arn), []);
    assert.equal(await store.repos.policies.countVersions(row.arn), 1);
    assert.equal(await store.repos.policies.countInAccount(a), 1);
    assert.equal(await store.repos.policies.countVersionsInAccount(a), 1);
  });

  test('policies: versions — counter moves once per expected value, default switches, versions delete; delete takes the versions too', async () => {
    const a = '777700000002';
    const row = policyRow(a, 'ConfVersions', 1000);
    assert.equal(await store.repos.policies.create(row, DOC), true);
    // Of concurrent movers from the same value exactly one wins.
    const moves = await Promise.all(Array.from({ length: 6 }, () => store.repos.policies.advanceVersionCounter(row.arn, 2, { updated_at: 1500 })));
    assert.equal(moves.filter(Boolean).length, 1);
    assert.equal(await store.repos.policies.advanceVersionCounter(row.arn, 2, { updated_at: 1600 }), false);
    assert.equal(await store.repos.policies.advanceVersionCounter(row.arn, 3, { updated_at: 1700, default_version: 'v3' }), true);
    const moved = await store.repos.policies.get(row.arn);
    assert.equal(moved?.next_version, 4);
    assert.equal(moved?.default_version, 'v3');
    assert.equal(moved?.updated_at, 1700);
    await store.repos.policies.insertVersion({ policy_arn: row.arn, version_id: 'v2', document: '{"v":2}', created_at: 2000 });
    await store.repos.policies.insertVersion({ policy_arn: row.arn, version_id: 'v3', document: '{"v":3}', created_at: 3000 });
    await assert.rejects(store.repos.policies.insertVersion({ policy_arn: row.arn, version_id: 'v3', document: '{}', created_at: 4000 }));
    assert.equal(await store.repos.policies.countVersions(row.arn), 3);
    assert.deepEqual((await store.repos.policies.listVersions(row.arn)).map((v) => v.version_id), ['v3', 'v2', 'v1']);
    assert.equal(await store.repos.policies.defaultDocument(row.arn), '{"v":3}');
    assert.equal(await store.repos.policies.setDefaultVersion(row.arn, 'v2', 5000), true);
    assert.equal(await store.repos.policies.setDefaultVersion(`${row.arn}-none`, 'v2', 5000), false);
    assert.equal((await store.repos.policies.get(row.arn))?.default_version, 'v2');
    assert.equal((await store.repos.policies.get(row.arn))?.updated_at, 5000);
    assert.equal(await store.repos.policies.deleteVersion(row.arn, 'v1'), true);
    assert.equal(await store.repos.policies.deleteVersion(row.arn, 'v1'), false);
    assert.equal(await store.repos.policies.getVersion(row.arn, 'v1'), undefined);
    assert.equal(await store.repos.policies.countVersionsInAccount(a), 2);
    assert.equal(await store.repos.policies.delete(row.arn), true);
    assert.equal(await store.repos.policies.delete(row.arn), false);
    assert.equal(await store.repos.policies.get(row.arn), undefined);
    assert.deepEqual(await store.repos.policies.listVersions(row.arn), []);
    assert.equal(await store.repos.policies.countInAccount(a), 0);
    assert.equal(await store.repos.policies.countVersionsInAccount(a), 0);
  });

  test('policies: inside store.transaction, create and delete commit with the rest or not at all', async () => {
    const row = policyRow('777700000003', 'ConfTxn', 1000);
    await assert.rejects(
      store.transaction(async (repos) => {
        assert.equal(await repos.policies.create(row, DOC), true);
        throw new Error('roll back');
      }),
      /roll back/,
    );
    assert.equal(await store.repos.policies.get(row.arn), undefined);
    assert.deepEqual(await store.repos.policies.listVersions(row.arn), []);
    await store.transaction(async (repos) => {
      assert.equal(await repos.policies.create(row, DOC), true);
      assert.equal(await repos.policies.countVersions(row.arn), 1);
    });
    await assert.rejects(
      store.transaction(async (repos) => {
        assert.equal(await repos.policies.delete(row.arn), true);
        throw new Error('roll back');
      }),
    );
    assert.equal((await store.repos.policies.get(row.arn))?.name, 'ConfTxn');
    assert.equal(await store.repos.policies.countVersions(row.arn), 1);
  });

  test('policies: boundary uses of one policy, counted and listed, in the account only', async () => {
    const a = '777700000004';
    const arn = `arn:aws:iam::${a}:policy/ConfBoundary`;
    await store.repos.entities.insert(entityRow(a, 'AIDACONFBOUNDARY0001', 'user', 'conf-bounded-user', arn));
    await store.repos.entities.insert(entityRow(a, 'AROACONFBOUNDARY0001', 'role', 'conf-bounded-role', arn));
    await store.repos.entities.insert(entityRow(a, 'AIDACONFBOUNDARY0002', 'user', 'conf-free-user', null));
    await store.repos.entities.insert(entityRow('777700000005', 'AIDACONFBOUNDARY0003', 'user', 'conf-other-account', arn));
    assert.equal(await store.repos.policies.countBoundaryUsesOf(a, arn), 2);
    assert.equal(await store.repos.policies.countBoundaryUsesOf(a, `${arn}-none`), 0);
    const bounded = await store.repos.policies.entitiesBoundedBy(a, arn);
    assert.deepEqual(bounded.map((e) => e.id).sort(), ['AIDACONFBOUNDARY0001', 'AROACONFBOUNDARY0001']);
    assert.deepEqual(await store.repos.policies.entitiesBoundedBy(a, `${arn}-none`), []);
    assert.deepEqual(
      (await store.repos.entities.listAll(a)).map((e) => [e.kind, e.name]),
      [
        ['role', 'conf-bounded-role'],
        ['user', 'conf-bounded-user'],
        ['user', 'conf-free-user'],
      ],
    );
  });

  const saml = (accountId: string, name: string): IamSamlProvidersTable => ({
    arn: `arn:aws:iam::${accountId}:saml-provider/${name}`,
    account_id: accountId,
    name,
    metadata: '<md/>',
    uuid: `uuid-${name}`,
    created_at: 1000,
    valid_until: 9_000_000_000_000,
    tags: '[]',
  });
  const oidc = (accountId: string, url: string): IamOidcProvidersTable => ({
    arn: `arn:aws:iam::${accountId}:oidc-provider/${url.replace(/^https:\/\//, '')}`,
    account_id: accountId,
    url,
    client_ids: '["aud"]',
    thumbprints: '[]',
    created_at: 2000,
    tags: '[]',
  });

  test('providers: SAML — insert once (a second insert of the ARN is refused, unchanged), read, list, update, delete in its account only', async () => {
    const a = '777700000010';
    const b = saml(a, 'ConfB');
    const c = saml(a, 'ConfA');
    assert.equal(await store.repos.providers.insertSaml(b), true);
    assert.equal(await store.repos.providers.insertSaml({ ...b, metadata: '<other/>' }), false);
    assert.equal(await store.repos.providers.insertSaml(c), true);
    assert.deepEqual(await store.repos.providers.getSaml(b.arn), b);
    assert.equal(await store.repos.providers.getSaml(`${b.arn}-none`), undefined);
    assert.deepEqual((await store.repos.providers.listSaml(a)).map((r) => r.arn), [c.arn, b.arn]);
    assert.equal(await store.repos.providers.updateSamlMetadata(b.arn, '<new/>', undefined), true);
    assert.deepEqual(await store.repos.providers.getSaml(b.arn), { ...b, metadata: '<new/>' });
    assert.equal(await store.repos.providers.updateSamlMetadata(b.arn, '<newer/>', 8_000_000_000_000), true);
    assert.deepEqual(await store.repos.providers.getSaml(b.arn), { ...b, metadata: '<newer/>', valid_until: 8_000_000_000_000 });
    assert.equal(await store.repos.providers.updateSamlMetadata(`${b.arn}-none`, '<x/>', undefined), false);
    assert.equal(await store.repos.providers.count(a), 2);
    assert.equal(await store.repos.providers.deleteSaml('777700000011', b.arn), false, 'another account cannot delete it');
    assert.equal(await store.repos.providers.deleteSaml(a, b.arn), true);
    assert.equal(await store.repos.providers.deleteSaml(a, b.arn), false);
    assert.equal(await store.repos.providers.getSaml(b.arn), undefined);
    assert.equal(await store.repos.providers.count(a), 1);
  });

  test('providers: OpenID Connect — insert once, read by ARN and by issuer URL, list, delete in its account only', async () => {
    const a = '777700000012';
    const p = oidc(a, 'https://conf.example.com/issuer');
    const q = oidc(a, 'https://auth.conf.example.com');
    assert.equal(await store.repos.providers.insertOidc(p), true);
    assert.equal(await store.repos.providers.insertOidc({ ...p, client_ids: '[]' }), false);
    assert.equal(await store.repos.providers.insertOidc(q), true);
    assert.deepEqual(await store.repos.providers.getOidc(p.arn), p);
    assert.equal(await store.repos.providers.getOidc(`${p.arn}-none`), undefined);
    assert.deepEqual((await store.repos.providers.listOidc(a)).map((r) => r.arn), [q.arn, p.arn]);
    assert.deepEqual(await store.repos.providers.findOidcByUrl(a, 'https://conf.example.com/issuer/'), p);
    assert.deepEqual(await store.repos.providers.findOidcByUrl(a, 'conf.example.com/issuer'), p);
    assert.equal(await store.repos.providers.findOidcByUrl(a, 'https://conf.example.com/other'), undefined);
    assert.equal(await store.repos.providers.findOidcByUrl('777700000013', p.url), undefined);
    assert.equal(await store.repos.providers.count(a), 2);
    assert.equal(await store.repos.providers.deleteOidc('777700000013', p.arn), false, 'another account cannot delete it');
    assert.equal(await store.repos.providers.deleteOidc(a, p.arn), true);
    assert.equal(await store.repos.providers.deleteOidc(a, p.arn), false);
    assert.equal(await store.repos.providers.count(a), 1);
  });

  test('tags: setTags replaces the tags of a policy, a SAML and an OpenID Connect provider; false for none', async () => {
    const a = '777700000014';
    const tags = JSON.stringify([{ Key: 'team', Value: 'blue' }]);
    const policy = policyRow(a, 'ConfTagged', 1000);
    assert.equal(await store.repos.policies.create(policy, DOC), true);
    assert.equal(await store.repos.policies.setTags(policy.arn, tags), true);
    assert.deepEqual(await store.repos.policies.get(policy.arn), { ...policy, tags });
    assert.equal(await store.repos.policies.setTags(`${policy.arn}-none`, tags), false);

    const s = saml(a, 'ConfTagged');
    const o = oidc(a, 'https://tagged.conf.example.com');
    assert.equal(await store.repos.providers.insertSaml(s), true);
    assert.equal(await store.repos.providers.insertOidc(o), true);
    assert.equal(await store.repos.providers.setSamlTags(s.arn, tags), true);
    assert.equal(await store.repos.providers.setOidcTags(o.arn, tags), true);
    assert.deepEqual(await store.repos.providers.getSaml(s.arn), { ...s, tags });
    assert.deepEqual(await store.repos.providers.getOidc(o.arn), { ...o, tags });
    assert.equal(await store.repos.providers.setSamlTags(o.arn, tags), false, 'an OpenID Connect ARN names no SAML provider');
    assert.equal(await store.repos.providers.setOidcTags(s.arn, tags), false);
  });
}
