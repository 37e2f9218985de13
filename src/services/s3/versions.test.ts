import assert from 'node:assert/strict';
import { test } from 'node:test';
import { newVersionId, parseVersionId, versionCheck, versionHeader, writeVersionId } from './versions.js';
import type { S3BucketsTable } from './operation.js';

const bucket = (versioning: string | null): S3BucketsTable => ({ name: 'b', account_id: '111122223333', region: 'us-east-1', created_at: 0, policy: null, versioning, tags: null });

test('version ids: new ones are 32 URL-safe characters and distinct; the parameter is checked as AWS does', () => {
  const ids = new Set(Array.from({ length: 200 }, newVersionId));
  assert.equal(ids.size, 200);
  for (const id of ids) assert.equal(parseVersionId(id), id);
  const rows: Array<[string | null, string | undefined | 'InvalidArgument']> = [
    [null, undefined],
    ['null', 'null'],
    ['', 'InvalidArgument'],
    ['v1', 'InvalidArgument'],
    ['A'.repeat(31), 'InvalidArgument'],
    ['A'.repeat(33), 'InvalidArgument'],
    ['A'.repeat(31) + '/', 'InvalidArgument'],
    ['A'.repeat(32), 'A'.repeat(32)],
  ];
  for (const [v, want] of rows) {
    if (want === 'InvalidArgument') assert.throws(() => parseVersionId(v), { code: 'InvalidArgument', status: 400 }, String(v));
    else assert.equal(parseVersionId(v), want, String(v));
  }
});

test('version ids by bucket status: new while Enabled, the null version otherwise; x-amz-version-id once configured', () => {
  assert.equal(writeVersionId(bucket(null)), 'null');
  assert.equal(writeVersionId(bucket('Suspended')), 'null');
  assert.match(writeVersionId(bucket('Enabled')), /^[A-Za-z0-9_-]{32}$/);
  assert.deepEqual(versionHeader(bucket(null), 'null'), {});
  assert.deepEqual(versionHeader(bucket('Suspended'), 'null'), { 'x-amz-version-id': 'null' });
  assert.deepEqual(versionHeader(bucket('Enabled'), 'x'), { 'x-amz-version-id': 'x' });
});

test('version checks: the latest is the plain action; a named version its version action with s3:versionid', () => {
  const b = bucket('Enabled');
  const latest = versionCheck('s3:GetObject', 's3:GetObjectVersion', b, 'k', undefined);
  assert.equal(latest.action, 's3:GetObject');
  assert.equal(latest.context, undefined);
  const named = versionCheck('s3:GetObject', 's3:GetObjectVersion', b, 'k', 'null', { 's3:ExistingObjectTag/a': '1' });
  assert.equal(named.action, 's3:GetObjectVersion');
  assert.equal(named.resource, 'arn:aws:s3:::b/k');
  assert.deepEqual(named.context, { 's3:ExistingObjectTag/a': '1', 's3:versionid': 'null' });
});
