/**
 * The conformance cases of the usage repository (last use of keys and roles, the access advisor's records,
 * generated reports), run by store/conformance.test.ts on every backend.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ConformanceEnv } from './env.js';

/** The account of these cases only (no other case uses it). */
const ACCOUNT = '933000000091';

export function iamUsageCases(env: ConformanceEnv): void {
  const repos = () => env.store.repos;

  test('usage: a batch sets key and role last use, never backwards; service rows upsert to the latest', async () => {
    const r = repos();
    await r.accounts.insert({ id: ACCOUNT, name: 'conf-usage', created_at: 1 });
    await r.accessKeys.insert({
      access_key_id: 'AKIACONFUSAGE0000001', account_id: ACCOUNT, principal_type: 'user', user_id: 'AIDACONFUSAGE0000001', user_name: 'u',
      secret_cipher: 'x', status: 'Active', created_at: 1, last_used_at: null, last_used_service: null, last_used_region: null,
    });
    await r.entities.insert({
      id: 'AROACONFUSAGE0000001', account_id: ACCOUNT, kind: 'role', name: 'conf-usage-role', name_lc: 'conf-usage-role', path: '/', created_at: 1,
      description: null, trust_policy: '{}', max_session_duration: null, boundary_arn: null, tags: '[]', password_last_used: null, last_used_at: null, last_used_region: null,
    });
    const svc = (at: number, region: string, action = '') => ({ entity_id: 'AROACONFUSAGE0000001', service: 's3', action, account_id: ACCOUNT, last_at: at, region });
    await r.usage.recordBatch({
      keys: [{ accessKeyId: 'AKIACONFUSAGE0000001', at: 100, service: 's3', region: 'eu-west-1' }],
      entities: [{ id: 'AROACONFUSAGE0000001', at: 100, region: 'eu-west-1' }],
      services: [svc(100, 'eu-west-1'), svc(100, 'eu-west-1', 'CreateBucket')],
    });
    // An older batch (another process flushing late) changes nothing; a newer one moves every date.
    await r.usage.recordBatch({
      keys: [{ accessKeyId: 'AKIACONFUSAGE0000001', at: 50, service: 'iam', region: 'us-west-2' }],
      entities: [{ id: 'AROACONFUSAGE0000001', at: 50, region: 'us-west-2' }],
      services: [svc(50, 'us-west-2')],
    });
    const k = await r.accessKeys.get('AKIACONFUSAGE0000001');
    assert.deepEqual([k?.last_used_at, k?.last_used_service, k?.last_used_region], [100, 's3', 'eu-west-1']);
    const role = await r.entities.getById('AROACONFUSAGE0000001');
    assert.deepEqual([role?.last_used_at, role?.last_used_region], [100, 'eu-west-1']);
    await r.usage.recordBatch({ keys: [], entities: [], services: [svc(200, 'ap-south-1')] });
    const rows = await r.usage.accessOf(['AROACONFUSAGE0000001', 'AIDANOBODY']);
    assert.deepEqual(rows.map((x) => [x.service, x.action, x.last_at, x.region]), [['s3', '', 200, 'ap-south-1'], ['s3', 'CreateBucket', 100, 'eu-west-1']]);
    assert.deepEqual(await r.usage.accessOf([]), []);
  });

  test('usage: a batch of more service rows than one statement takes (250) is written whole', async () => {
    const rows = Array.from({ length: 250 }, (_, i) => ({ entity_id: 'AIDACONFUSAGEMANY001', service: 'iam', action: `Action${i}`, account_id: ACCOUNT, last_at: i + 1, region: 'us-east-1' }));
    await repos().usage.recordBatch({ keys: [], entities: [], services: rows });
    const back = await repos().usage.accessOf(['AIDACONFUSAGEMANY001']);
    assert.equal(back.length, 250);
    assert.equal(back.find((r) => r.action === 'Action249')?.last_at, 250);
  });

  test('usage: reports are put, replaced, read per account and deleted by age', async () => {
    const u = repos().usage;
    await u.putReport({ account_id: ACCOUNT, id: 'credential-report', created_at: 10, body: 'a' });
    await u.putReport({ account_id: ACCOUNT, id: 'credential-report', created_at: 20, body: 'b' });
    await u.putReport({ account_id: ACCOUNT, id: 'job-1', created_at: 5, body: 'j' });
    assert.deepEqual(await u.getReport(ACCOUNT, 'credential-report'), { account_id: ACCOUNT, id: 'credential-report', created_at: 20, body: 'b' });
    assert.equal(await u.getReport('933000000092', 'credential-report'), undefined);
    assert.equal(await u.deleteReportsBefore(6), 1);
    assert.equal(await u.getReport(ACCOUNT, 'job-1'), undefined);
    assert.ok(await u.getReport(ACCOUNT, 'credential-report'));
  });
}
