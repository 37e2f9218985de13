/**
 * Conformance cases of S3 versioning and tagging in the repositories: versions pushed down and brought
 * back, the null version replaced, the ListObjectVersions scan and its positions, tags per version,
 * the noncurrent versions' blob lists; run on every backend by store/conformance.test.ts.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { S3ObjectsTable } from '../schema-s3.js';
import { VERSION_POSITION } from '../repos/s3Objects.js';
import type { ConformanceEnv } from './env.js';

const ACCOUNT = '300000000311';

const version = (bucket: string, key: string, versionId: string, over: Partial<S3ObjectsTable> = {}): S3ObjectsTable => ({
  bucket,
  key,
  blobs: JSON.stringify([{ id: `blob-${key}-${versionId}`, size: 1 }]),
  size: 1,
  etag: `etag-${versionId}`,
  last_modified: 1_700_000_000_000,
  content_type: 'text/plain',
  headers: '{}',
  checksum_algorithm: null,
  checksum_value: null,
  parts_count: null,
  owner_account: ACCOUNT,
  version_id: versionId,
  delete_marker: 0,
  tags: null,
  object_lock: null,
  acl: null,
  ...over,
});

export function s3VersionCases(env: ConformanceEnv): void {
  const repos = () => env.store.repos;
  const bucket = async (name: string) => {
    await repos().accounts.insert({ id: ACCOUNT, name: `conf-s3v-${ACCOUNT}`, created_at: 0 }).catch(() => undefined);
    await repos().buckets.insert({ name, account_id: ACCOUNT, region: 'us-east-1', created_at: 1, policy: null });
  };

  test('versions: a new version pushes the latest down; deleting versions brings the newest back; get by id', async () => {
    await bucket('conf-s3v-a');
    const { objects } = repos();
    assert.equal(await objects.put(version('conf-s3v-a', 'k', 'v1')), undefined);
    assert.equal(await objects.put(version('conf-s3v-a', 'k', 'v2')), undefined, 'nothing replaced: v1 is noncurrent');
    assert.equal(await objects.put(version('conf-s3v-a', 'k', 'm3', { delete_marker: 1, blobs: '[]' })), undefined);
    assert.equal(await objects.get('conf-s3v-a', 'k'), undefined, 'the latest is a delete marker');
    assert.deepEqual(await objects.scanKeys('conf-s3v-a', '', false, undefined, 10), []);
    assert.deepEqual(await objects.getVersion('conf-s3v-a', 'k', undefined), { row: version('conf-s3v-a', 'k', 'm3', { delete_marker: 1, blobs: '[]' }), latest: true });
    assert.deepEqual(await objects.getVersion('conf-s3v-a', 'k', 'v1'), { row: version('conf-s3v-a', 'k', 'v1'), latest: false });
    assert.equal(await objects.getVersion('conf-s3v-a', 'k', 'nope'), undefined);
    assert.equal(await objects.getVersion('conf-s3v-a', 'other', undefined), undefined);

    const all = await objects.scanVersions('conf-s3v-a', { key: '', seq: VERSION_POSITION.before }, undefined, 10);
    assert.deepEqual(all.map((v) => [v.key, v.version_id, v.is_latest, v.delete_marker]), [['k', 'm3', true, 1], ['k', 'v2', false, 0], ['k', 'v1', false, 0]]);

    assert.equal((await objects.deleteVersion('conf-s3v-a', 'k', 'm3'))?.latest, true);
    assert.equal((await objects.get('conf-s3v-a', 'k'))?.version_id, 'v2', 'the newest noncurrent version is the latest again');
    assert.deepEqual(await objects.deleteVersion('conf-s3v-a', 'k', 'v1'), { row: version('conf-s3v-a', 'k', 'v1'), latest: false });
    assert.equal(await objects.deleteVersion('conf-s3v-a', 'k', 'v1'), undefined);
    assert.equal((await objects.deleteVersion('conf-s3v-a', 'k', 'v2'))?.latest, true);
    assert.equal(await objects.getVersion('conf-s3v-a', 'k', undefined), undefined, 'no version left: the key is gone');
    assert.equal(await repos().buckets.deleteIfEmpty('conf-s3v-a'), 'deleted');
  });

  test('versions: the null version is replaced in place, current or noncurrent (suspended buckets)', async () => {
    await bucket('conf-s3v-null');
    const { objects } = repos();
    await objects.put(version('conf-s3v-null', 'k', 'null', { etag: 'n1' }));
    assert.deepEqual(await objects.put(version('conf-s3v-null', 'k', 'null', { etag: 'n2' })), version('conf-s3v-null', 'k', 'null', { etag: 'n1' }));
    await objects.put(version('conf-s3v-null', 'k', 'v1'));
    const replaced = await objects.put(version('conf-s3v-null', 'k', 'null', { etag: 'n3' }));
    assert.equal(replaced?.etag, 'n2', 'the noncurrent null version is replaced');
    const all = await objects.scanVersions('conf-s3v-null', { key: '', seq: VERSION_POSITION.before }, undefined, 10);
    assert.deepEqual(all.map((v) => [v.version_id, v.etag]), [['null', 'n3'], ['v1', 'etag-v1']]);
  });

  test('versions: the scan merges latest and noncurrent versions in byte order, resumes at any position, stops below `to`', async () => {
    await bucket('conf-s3v-scan');
    const { objects } = repos();
    for (const key of ['b', 'a', '\u00e9', 'a/x']) for (const v of ['1', '2', '3']) await objects.put(version('conf-s3v-scan', key, `${key}-${v}`));
    const all = await objects.scanVersions('conf-s3v-scan', { key: '', seq: VERSION_POSITION.before }, undefined, 100);
    assert.deepEqual(all.map((v) => v.version_id), ['a-3', 'a-2', 'a-1', 'a/x-3', 'a/x-2', 'a/x-1', 'b-3', 'b-2', 'b-1', '\u00e9-3', '\u00e9-2', '\u00e9-1']);
    assert.deepEqual(all.map((v) => v.is_latest), all.map((v) => v.version_id.endsWith('-3')));
    const paged: string[] = [];
    let pos = { key: '', seq: VERSION_POSITION.before };
    for (;;) {
      const page = await objects.scanVersions('conf-s3v-scan', pos, undefined, 2);
      if (page.length === 0) break;
      paged.push(...page.map((v) => v.version_id));
      pos = page[page.length - 1]!;
    }
    assert.deepEqual(paged, all.map((v) => v.version_id));
    const at = await objects.positionOf('conf-s3v-scan', 'a/x', 'a/x-2');
    assert.ok(at);
    assert.deepEqual((await objects.scanVersions('conf-s3v-scan', at, 'b', 100)).map((v) => v.version_id), ['a/x-1']);
    assert.deepEqual(await objects.positionOf('conf-s3v-scan', 'b', 'b-3'), { key: 'b', seq: VERSION_POSITION.current });
    assert.equal(await objects.positionOf('conf-s3v-scan', 'b', 'a-1'), undefined);
    assert.deepEqual((await objects.scanVersions('conf-s3v-scan', { key: 'b', seq: VERSION_POSITION.after }, undefined, 100)).map((v) => v.key), ['\u00e9', '\u00e9', '\u00e9']);
    const blobs = [];
    let after;
    for (;;) {
      const page = await objects.pageVersionBlobLists(after, 3);
      blobs.push(...page.filter((r) => r.bucket === 'conf-s3v-scan').map((r) => (JSON.parse(r.blobs) as Array<{ id: string }>)[0]!.id));
      if (page.length < 3) break;
      after = page[page.length - 1];
    }
    assert.deepEqual(blobs.sort(), all.filter((v) => !v.is_latest).map((v) => `blob-${v.key}-${v.version_id}`).sort());
  });

  test('tags: per version, latest or noncurrent; delete markers keep none; buckets get versioning and tags', async () => {
    await bucket('conf-s3v-tags');
    const { objects, buckets } = repos();
    await objects.put(version('conf-s3v-tags', 'k', 'v1'));
    await objects.put(version('conf-s3v-tags', 'k', 'v2'));
    const tags = JSON.stringify([{ Key: 'a', Value: '1' }]);
    assert.equal((await objects.setTags('conf-s3v-tags', 'k', 'v1', tags))?.latest, false);
    assert.equal((await objects.setTags('conf-s3v-tags', 'k', undefined, '[]'))?.row.version_id, 'v2');
    assert.equal((await objects.getVersion('conf-s3v-tags', 'k', 'v1'))?.row.tags, tags);
    assert.equal((await objects.get('conf-s3v-tags', 'k'))?.tags, '[]');
    assert.equal(await objects.setTags('conf-s3v-tags', 'k', 'nope', tags), undefined);
    await objects.deleteVersion('conf-s3v-tags', 'k', 'v2');
    assert.equal((await objects.get('conf-s3v-tags', 'k'))?.tags, tags, 'tags travel with the version');
    await objects.put(version('conf-s3v-tags', 'k', 'm', { delete_marker: 1 }));
    assert.equal((await objects.setTags('conf-s3v-tags', 'k', undefined, tags))?.row.delete_marker, 1);
    assert.equal((await objects.getVersion('conf-s3v-tags', 'k', 'm'))?.row.tags, null);

    await buckets.setVersioning('conf-s3v-tags', 'Enabled');
    await buckets.setTags('conf-s3v-tags', tags);
    const tagged = await buckets.get('conf-s3v-tags');
    assert.deepEqual({ name: tagged?.name, versioning: tagged?.versioning, tags: tagged?.tags }, { name: 'conf-s3v-tags', versioning: 'Enabled', tags });
    await buckets.setVersioning('conf-s3v-tags', 'Suspended');
    await buckets.setTags('conf-s3v-tags', null);
    assert.equal((await buckets.get('conf-s3v-tags'))?.versioning, 'Suspended');
    assert.equal((await buckets.get('conf-s3v-tags'))?.tags, null);
    assert.equal(await buckets.deleteIfEmpty('conf-s3v-tags'), 'not-empty', 'a bucket holding only a delete marker is not empty');
  });

  test('object lock: a version\'s lock set by decision inside the transaction (latest and noncurrent); deletion guarded; bucket configuration', async () => {
    await bucket('conf-s3v-lock');
    const { objects, buckets } = repos();
    await objects.put(version('conf-s3v-lock', 'k', 'v1'));
    await objects.put(version('conf-s3v-lock', 'k', 'v2'));
    const seen: Array<string | null> = [];
    const r1 = await objects.setLock('conf-s3v-lock', 'k', 'v1', (row) => {
      seen.push(row.object_lock);
      return '{"hold":true}';
    });
    assert.equal(r1?.latest, false);
    await objects.setLock('conf-s3v-lock', 'k', undefined, () => '{"mode":"GOVERNANCE","until":5}');
    assert.deepEqual(seen, [null]);
    assert.equal((await objects.getVersion('conf-s3v-lock', 'k', 'v1'))?.row.object_lock, '{"hold":true}');
    assert.equal((await objects.get('conf-s3v-lock', 'k'))?.object_lock, '{"mode":"GOVERNANCE","until":5}');
    assert.equal(await objects.setLock('conf-s3v-lock', 'k', 'nope', () => 'x'), undefined);
    const refuse = (row: S3ObjectsTable) => {
      if (row.object_lock) throw Object.assign(new Error('locked'), { name: 'ServiceError' });
    };
    await assert.rejects(objects.setLock('conf-s3v-lock', 'k', 'v1', () => {
      throw new Error('refused');
    }), /refused/);
    assert.equal((await objects.getVersion('conf-s3v-lock', 'k', 'v1'))?.row.object_lock, '{"hold":true}', 'a refused decision changes nothing');
    await assert.rejects(objects.deleteVersion('conf-s3v-lock', 'k', 'v1', refuse), /locked/);
    await assert.rejects(objects.deleteVersion('conf-s3v-lock', 'k', 'v2', refuse), /locked/);
    assert.equal((await objects.getVersion('conf-s3v-lock', 'k', 'v1'))?.latest, false, 'a refused deletion keeps the version');
    await objects.setLock('conf-s3v-lock', 'k', 'v1', () => null);
    assert.equal((await objects.deleteVersion('conf-s3v-lock', 'k', 'v1', refuse))?.row.version_id, 'v1');
    await buckets.setObjectLock('conf-s3v-lock', '{"enabled":true}');
    assert.equal((await buckets.get('conf-s3v-lock'))?.object_lock, '{"enabled":true}');
    await buckets.insert({ name: 'conf-s3v-lock2', account_id: ACCOUNT, region: 'us-east-1', created_at: 1, policy: null, versioning: 'Enabled', object_lock: '{"enabled":true}' });
    const b2 = await buckets.get('conf-s3v-lock2');
    assert.deepEqual([b2?.versioning, b2?.object_lock], ['Enabled', '{"enabled":true}'], 'a bucket created with Object Lock is versioned');
  });

  test('lifecycle: buckets with rules paged by name; noncurrent versions newest first with their noncurrent time; lone delete markers; one lease holder at a time', async () => {
    await bucket('conf-s3v-lc');
    const { objects, buckets, lifecycle } = repos();
    await buckets.setLifecycle('conf-s3v-lc', '[{"id":"r"}]');
    const page = await buckets.pageWithLifecycle('conf-s3v-lb', 1000);
    assert.deepEqual(page.filter((b) => b.name.startsWith('conf-s3v-l')).map((b) => [b.name, b.lifecycle]), [['conf-s3v-lc', '[{"id":"r"}]']]);
    await objects.put(version('conf-s3v-lc', 'a/k', 'v1'));
    await objects.put(version('conf-s3v-lc', 'a/k', 'v2', { last_modified: 1_700_000_000_100 }));
    await objects.put(version('conf-s3v-lc', 'a/k', 'v3', { last_modified: 1_700_000_000_200 }));
    await objects.put(version('conf-s3v-lc', 'b/m', 'm1', { delete_marker: 1, blobs: '[]' }));
    await objects.put(version('conf-s3v-lc', 'b/n', 'n1'));
    await objects.put(version('conf-s3v-lc', 'b/n', 'n2', { delete_marker: 1, blobs: '[]' }));
    const nc = await lifecycle.pageNoncurrent('conf-s3v-lc', 'a/', undefined, 2);
    assert.deepEqual(nc.map((v) => [v.key, v.version_id, v.noncurrent_since]), [['a/k', 'v2', 1_700_000_000_200], ['a/k', 'v1', 1_700_000_000_100]]);
    const rest = await lifecycle.pageNoncurrent('conf-s3v-lc', 'a/', { key: nc[0]!.key, seq: nc[0]!.seq }, 10);
    assert.deepEqual(rest.map((v) => v.version_id), ['v1', 'n1']);
    assert.deepEqual(await lifecycle.pageLoneMarkers('conf-s3v-lc', '', undefined, 10), [{ key: 'b/m', version_id: 'm1' }], 'a marker with versions behind it is not alone');
    assert.deepEqual(await lifecycle.pageLoneMarkers('conf-s3v-lc', '', 'b/m', 10), []);
    assert.equal(await lifecycle.takeLease('conf-lease', 'one', 100, 200), true);
    assert.equal(await lifecycle.takeLease('conf-lease', 'two', 150, 250), false, 'held by another until it expires');
    assert.equal(await lifecycle.takeLease('conf-lease', 'one', 150, 300), true, 'the holder renews');
    assert.equal(await lifecycle.takeLease('conf-lease', 'two', 301, 400), true, 'an expired lease is taken over');
    await buckets.setLifecycle('conf-s3v-lc', null);
    assert.equal((await buckets.get('conf-s3v-lc'))?.lifecycle, null);
  });
}
