/**
 * The usage recorder against a real (in-memory SQLite) store: which uses become which rows, the latest use
 * winning between flushes, what is not recorded (session keys as access keys, anonymous principals'
 * entities), close() writing what is pending; and the tracked-action rule as a table.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Caller } from '../../../auth/caller.js';
import { openStore } from '../../../store/open.js';
import type { Store } from '../../../store/store.js';
import { isTrackedAction, usageRecorder } from './recorder.js';

describe('isTrackedAction', () => {
  const table: Array<[string, string, boolean]> = [
    ['iam', 'ListUsers', true],
    ['iam', 'CreateRole', true],
    ['s3', 'CreateBucket', true],
    ['s3', 'ListAllMyBuckets', true],
    ['s3', 'PutBucketPolicy', true],
    ['s3', 'GetObject', false],
    ['s3', 'PutObject', false],
    ['s3', 'AbortMultipartUpload', false],
    ['s3', 'ListMultipartUploadParts', false],
    ['ec2', 'RunInstances', true],
    ['lambda', 'Invoke', true],
    ['sts', 'AssumeRole', false],
    ['dynamodb', 'GetItem', false],
  ];
  for (const [service, action, tracked] of table) test(`${service}:${action} → ${tracked}`, () => assert.equal(isTrackedAction(service, action), tracked));
});

describe('usageRecorder', () => {
  let store: Store;
  const ACCOUNT = '123456789012';
  before(async () => {
    store = await openStore({ memory: true });
    await store.repos.accounts.insert({ id: ACCOUNT, name: 'a', created_at: 1 });
    await store.repos.accessKeys.insert({
      access_key_id: 'AKIAUNITUSAGE0000001', account_id: ACCOUNT, principal_type: 'user', user_id: 'AIDAUNITUSAGE0000001', user_name: 'u',
      secret_cipher: 'x', status: 'Active', created_at: 1, last_used_at: null, last_used_service: null, last_used_region: null,
    });
    await store.repos.entities.insert({
      id: 'AROAUNITUSAGE0000001', account_id: ACCOUNT, kind: 'role', name: 'r', name_lc: 'r', path: '/', created_at: 1,
      description: null, trust_policy: '{}', max_session_duration: null, boundary_arn: null, tags: '[]', password_last_used: null, last_used_at: null, last_used_region: null,
    });
  });
  after(() => store?.close());

  const user: Caller = { type: 'user', accountId: ACCOUNT, arn: `arn:aws:iam::${ACCOUNT}:user/u`, userId: 'AIDAUNITUSAGE0000001', accessKeyId: 'AKIAUNITUSAGE0000001' };
  const session: Caller = {
    type: 'assumed-role', accountId: ACCOUNT, arn: `arn:aws:sts::${ACCOUNT}:assumed-role/r/s`, userId: 'AROAUNITUSAGE0000001:s', roleId: 'AROAUNITUSAGE0000001',
    accessKeyId: 'ASIAUNITUSAGE0000001', session: { issuedBy: 'AssumeRole', issuedAt: 1, expiresAt: 2 },
  };

  test('uses become rows when flushed; the latest use of each wins; a session key is not an access key', async () => {
    const r = usageRecorder({ store, logger: { error: (_id: string, e: unknown) => assert.fail(String(e)) } });
    r.record(user, 's3:GetObject', 'eu-west-1', 100);
    r.record(user, 's3:CreateBucket', 'eu-west-1', 200);
    r.record(user, 'iam:ListUsers', 'us-east-2', 300);
    r.record(session, 's3:ListAllMyBuckets', 'ap-south-1', 400);
    assert.equal((await store.repos.accessKeys.get('AKIAUNITUSAGE0000001'))?.last_used_at, null, 'nothing written before a flush');
    await r.flush();
    const key = await store.repos.accessKeys.get('AKIAUNITUSAGE0000001');
    assert.deepEqual([key?.last_used_at, key?.last_used_service, key?.last_used_region], [300, 'iam', 'us-east-2']);
    const role = await store.repos.entities.getById('AROAUNITUSAGE0000001');
    assert.deepEqual([role?.last_used_at, role?.last_used_region], [400, 'ap-south-1']);
    const rows = (await store.repos.usage.accessOf(['AIDAUNITUSAGE0000001', 'AROAUNITUSAGE0000001'])).map((x) => [x.entity_id.slice(0, 4), x.service, x.action, x.last_at, x.region]);
    assert.deepEqual(rows, [
      ['AIDA', 'iam', '', 300, 'us-east-2'],
      ['AIDA', 'iam', 'ListUsers', 300, 'us-east-2'],
      ['AIDA', 's3', '', 200, 'eu-west-1'],
      ['AIDA', 's3', 'CreateBucket', 200, 'eu-west-1'],
      ['AROA', 's3', '', 400, 'ap-south-1'],
      ['AROA', 's3', 'ListAllMyBuckets', 400, 'ap-south-1'],
    ]);
    await r.close();
  });

  test('close() writes what is pending; the root and anonymous callers record no principal rows', async () => {
    const r = usageRecorder({ store, logger: { error: (_id: string, e: unknown) => assert.fail(String(e)) } });
    r.record({ type: 'root', accountId: ACCOUNT, arn: `arn:aws:iam::${ACCOUNT}:root`, userId: ACCOUNT }, 'iam:ListUsers', 'us-east-1', 500);
    r.record(user, 'sts:GetCallerIdentity', 'us-west-2', 600);
    await r.close();
    const key = await store.repos.accessKeys.get('AKIAUNITUSAGE0000001');
    assert.deepEqual([key?.last_used_at, key?.last_used_service, key?.last_used_region], [600, 'sts', 'us-west-2']);
    assert.deepEqual(await store.repos.usage.accessOf([ACCOUNT]), []);
  });
});
