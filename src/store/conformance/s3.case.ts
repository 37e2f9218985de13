/**
 * The conformance cases of the s3 repositories (store/repos/), run by store/conformance.test.ts on
 * every backend (SQLite in memory and on disk, PostgreSQL).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ServiceError } from '../../core/errors.js';
import type { S3ObjectsTable, S3PartsTable, S3UploadsTable } from '../schema-s3.js';
import type { ConformanceEnv } from './env.js';
import { s3VersionCases } from './s3Versions.case.js';

const ACCOUNT = '300000000301';
const OTHER_ACCOUNT = '300000000302';

const bucketRow = (name: string, accountId = ACCOUNT) => ({
  name,
  account_id: accountId,
  region: 'us-east-1',
  created_at: 1_700_000_000_000,
  policy: null,
  encryption: null,
  cors: null,
  object_ownership: null,
  public_access_block: null,
  acl: null,
  versioning: null,
  tags: null,
  object_lock: null,
  lifecycle: null,
});

const objectRow = (bucket: string, key: string, over: Partial<S3ObjectsTable> = {}): S3ObjectsTable => ({
  bucket,
  key,
  blobs: JSON.stringify([{ id: `blob-${bucket}-${key}`, size: 3 }]),
  size: 3,
  etag: 'acbd18db4cc2f85cedef654fccc4a4d8',
  last_modified: 1_700_000_000_000,
  content_type: 'text/plain',
  headers: '{"x-amz-meta-a":"1"}',
  checksum_algorithm: null,
  checksum_value: null,
  parts_count: null,
  owner_account: ACCOUNT,
  acl: null,
  version_id: 'null',
  delete_marker: 0,
  tags: null,
  object_lock: null,
  ...over,
});

const uploadRow = (uploadId: string, bucket: string, key: string): S3UploadsTable => ({
  upload_id: uploadId,
  bucket,
  key,
  initiated: 1_700_000_000_000,
  content_type: 'application/octet-stream',
  headers: '{}',
  checksum_algorithm: 'CRC32',
  checksum_type: 'COMPOSITE',
  owner_account: ACCOUNT,
  initiator_arn: `arn:aws:iam::${ACCOUNT}:root`,
  acl: null,
  tags: null,
  object_lock: null,
});

const partRow = (uploadId: string, partNumber: number, over: Partial<S3PartsTable> = {}): S3PartsTable => ({
  upload_id: uploadId,
  part_number: partNumber,
  blob_id: `part-${uploadId}-${partNumber}`,
  size: 5,
  etag: `etag-${partNumber}`,
  last_modified: 1_700_000_000_000 + partNumber,
  checksum_value: `crc-${partNumber}`,
  ...over,
});

const refuse = () => {
  throw new ServiceError('PreconditionFailed', 'At least one of the pre-conditions you specified did not hold', 412);
};

export function s3Cases(env: ConformanceEnv): void {
  s3VersionCases(env);
  const repos = () => env.store.repos;
  // Buckets belong to accounts (a foreign key).
  const ensureAccounts = () => Promise.all([ACCOUNT, OTHER_ACCOUNT].map((id) => env.store.repos.accounts.insert({ id, name: `conf-s3-${id}`, created_at: 0 })));

  test('buckets: a name is inserted once (by anyone); get, listOwnedBy (by name, own only), setPolicy and setCors', async () => {
    await ensureAccounts();
    const { buckets } = repos();
    assert.equal(await buckets.insert(bucketRow('conf-s3-bk-b')), true);
    assert.equal(await buckets.insert(bucketRow('conf-s3-bk-a')), true);
    assert.equal(await buckets.insert(bucketRow('conf-s3-bk-b')), false);
    assert.equal(await buckets.insert(bucketRow('conf-s3-bk-b', OTHER_ACCOUNT)), false);
    assert.equal(await buckets.insert(bucketRow('conf-s3-bk-other', OTHER_ACCOUNT)), true);
    assert.deepEqual(await buckets.get('conf-s3-bk-b'), bucketRow('conf-s3-bk-b'));
    assert.equal(await buckets.get('conf-s3-bk-missing'), undefined);

    const mine = (await buckets.listOwnedBy(ACCOUNT)).filter((b) => b.name.startsWith('conf-s3-bk-'));
    assert.deepEqual(mine, [bucketRow('conf-s3-bk-a'), bucketRow('conf-s3-bk-b')]);
    const theirs = (await buckets.listOwnedBy(OTHER_ACCOUNT)).filter((b) => b.name.startsWith('conf-s3-bk-'));
    assert.deepEqual(theirs.map((b) => b.name), ['conf-s3-bk-other']);
    assert.deepEqual(await buckets.listOwnedBy('999999999999'), []);

    const policy = '{"Version":"2012-10-17","Statement":[]}';
    await buckets.setPolicy('conf-s3-bk-a', policy);
    assert.equal((await buckets.get('conf-s3-bk-a'))?.policy, policy);
    assert.equal((await buckets.get('conf-s3-bk-b'))?.policy, null);
    await buckets.setPolicy('conf-s3-bk-a', null);
    assert.equal((await buckets.get('conf-s3-bk-a'))?.policy, null);
    await buckets.setPolicy('conf-s3-bk-missing', policy);
    assert.equal(await buckets.get('conf-s3-bk-missing'), undefined);

    const cors = '[{"allowedOrigins":["*"],"allowedMethods":["GET"],"allowedHeaders":[],"exposeHeaders":[]}]';
    await buckets.setCors('conf-s3-bk-a', cors);
    assert.equal((await buckets.get('conf-s3-bk-a'))?.cors, cors);
    assert.equal((await buckets.get('conf-s3-bk-b'))?.cors, null);
    await buckets.setCors('conf-s3-bk-a', null);
    assert.equal((await buckets.get('conf-s3-bk-a'))?.cors, null);
    await buckets.setCors('conf-s3-bk-missing', cors);
    assert.equal(await buckets.get('conf-s3-bk-missing'), undefined);
  });

  test('buckets: setEncryption stores the default encryption configuration and removes it with null', async () => {
    await ensureAccounts();
    const { buckets } = repos();
    await buckets.insert(bucketRow('conf-s3-enc'));
    assert.equal((await buckets.get('conf-s3-enc'))?.encryption ?? null, null, 'none until put');
    const config = JSON.stringify({ algorithm: 'AES256', bucketKeyEnabled: true });
    await buckets.setEncryption('conf-s3-enc', config);
    assert.equal((await buckets.get('conf-s3-enc'))?.encryption, config);
    assert.equal((await buckets.get('conf-s3-enc'))?.policy, null, 'the policy is left alone');
    await buckets.setEncryption('conf-s3-enc', null);
    assert.equal((await buckets.get('conf-s3-enc'))?.encryption, null);
    await buckets.setEncryption('conf-s3-enc-missing', config);
    assert.equal(await buckets.get('conf-s3-enc-missing'), undefined);
  });

  test('buckets: deleteIfEmpty refuses while an object is in the bucket, aborts its uploads; missing is reported', async () => {
    await ensureAccounts();
    const { buckets, objects, uploads } = repos();
    assert.equal(await buckets.deleteIfEmpty('conf-s3-del-missing'), 'missing');
    await buckets.insert(bucketRow('conf-s3-del'));
    await buckets.insert(bucketRow('conf-s3-del-other'));
    await objects.put(objectRow('conf-s3-del', 'k'));
    await uploads.insert(uploadRow('conf-s3-del-up', 'conf-s3-del', 'k'));
    await uploads.putPart(partRow('conf-s3-del-up', 1));
    await uploads.insert(uploadRow('conf-s3-del-up-other', 'conf-s3-del-other', 'k'));
    await uploads.putPart(partRow('conf-s3-del-up-other', 1));
    const aborted: string[] = [];
    assert.equal(await buckets.deleteIfEmpty('conf-s3-del', aborted), 'not-empty');
    assert.deepEqual(aborted, []);
    assert.ok(await uploads.get('conf-s3-del-up'), 'a refused deletion aborts nothing');
    await objects.delete('conf-s3-del', 'k');
    assert.equal(await buckets.deleteIfEmpty('conf-s3-del', aborted), 'deleted');
    assert.deepEqual(aborted, [partRow('conf-s3-del-up', 1).blob_id]);
    assert.equal(await buckets.get('conf-s3-del'), undefined);
    assert.equal(await uploads.get('conf-s3-del-up'), undefined);
    assert.deepEqual(await uploads.listParts('conf-s3-del-up'), []);
    assert.ok(await uploads.get('conf-s3-del-up-other'), "another bucket's upload stays");
    assert.equal((await uploads.listParts('conf-s3-del-up-other')).length, 1);
    assert.equal(await buckets.deleteIfEmpty('conf-s3-del'), 'missing');
    await uploads.deleteWithParts('conf-s3-del-up-other');
    assert.equal(await buckets.deleteIfEmpty('conf-s3-del-other'), 'deleted');
  });

  test('objects: put inserts, then replaces and returns the replaced row; get reads every field', async () => {
    const { objects } = repos();
    const first = objectRow('conf-s3-obj', 'a/b.txt', { checksum_algorithm: 'CRC32', checksum_value: 'AAAAAA==' });
    assert.equal(await objects.put(first), undefined);
    assert.deepEqual(await objects.get('conf-s3-obj', 'a/b.txt'), first);
    const second = objectRow('conf-s3-obj', 'a/b.txt', { size: 7, etag: 'e2', blobs: '[{"id":"blob-2","size":7}]', parts_count: 2, owner_account: OTHER_ACCOUNT });
    assert.deepEqual(await objects.put(second), first);
    assert.deepEqual(await objects.get('conf-s3-obj', 'a/b.txt'), second);
    assert.equal(await objects.get('conf-s3-obj', 'a/b'), undefined);
    assert.equal(await objects.get('conf-s3-obj-other', 'a/b.txt'), undefined);
  });

  test('objects: a precondition sees the current row inside the write; its refusal fails only its own write', async () => {
    const { objects } = repos();
    const seen: Array<S3ObjectsTable | undefined> = [];
    await objects.put(objectRow('conf-s3-pre', 'k', { etag: 'v1' }), (current) => void seen.push(current));
    assert.deepEqual([...seen], [undefined]);
    await assert.rejects(
      objects.put(objectRow('conf-s3-pre', 'k', { etag: 'v2' }), (current) => {
        seen.push(current);
        refuse();
      }),
      (e: unknown) => e instanceof ServiceError && e.code === 'PreconditionFailed',
    );
    assert.equal(seen[1]?.etag, 'v1');
    assert.equal((await objects.get('conf-s3-pre', 'k'))?.etag, 'v1');

    // Concurrent writes commit together: the refused one fails alone, the others land.
    const results = await Promise.allSettled([
      objects.put(objectRow('conf-s3-pre', 'c1')),
      objects.put(objectRow('conf-s3-pre', 'k', { etag: 'v3' }), refuse),
      objects.put(objectRow('conf-s3-pre', 'c2')),
      // If-None-Match: * on a key written earlier in the same batch is refused.
      objects.put(objectRow('conf-s3-pre', 'c1', { etag: 'late' }), (current) => (current ? refuse() : undefined)),
    ]);
    assert.deepEqual(results.map((r) => r.status), ['fulfilled', 'rejected', 'fulfilled', 'rejected']);
    assert.equal((await objects.get('conf-s3-pre', 'k'))?.etag, 'v1');
    assert.equal((await objects.get('conf-s3-pre', 'c1'))?.etag, objectRow('x', 'y').etag);
    assert.ok(await objects.get('conf-s3-pre', 'c2'));
  });

  test('objects: delete returns the deleted row once; deleteMany returns the rows it deleted (in slices)', async () => {
    const { objects } = repos();
    const row = objectRow('conf-s3-rm', 'one');
    await objects.put(row);
    assert.deepEqual(await objects.delete('conf-s3-rm', 'one'), row);
    assert.equal(await objects.get('conf-s3-rm', 'one'), undefined);
    assert.equal(await objects.delete('conf-s3-rm', 'one'), undefined);

    const keys = Array.from({ length: 205 }, (_, i) => `many/${String(i).padStart(3, '0')}`);
    await Promise.all(keys.map((k) => objects.put(objectRow('conf-s3-rm', k))));
    await objects.put(objectRow('conf-s3-rm-other', keys[0]!));
    assert.deepEqual(await objects.deleteMany('conf-s3-rm', []), []);
    const gone = await objects.deleteMany('conf-s3-rm', [...keys, 'many/missing']);
    assert.deepEqual(gone.map((r) => r.key).sort(), keys);
    assert.deepEqual(gone.find((r) => r.key === keys[3]), objectRow('conf-s3-rm', keys[3]!));
    assert.deepEqual(await objects.scanKeys('conf-s3-rm', '', false, undefined, 10), []);
    assert.ok(await objects.get('conf-s3-rm-other', keys[0]!));
    assert.deepEqual(await objects.deleteMany('conf-s3-rm', keys), []);
  });

  test('objects: scanKeys is a range scan of one bucket in UTF-8 byte order, from inclusive or exclusive, to exclusive', async () => {
    const { objects } = repos();
    const keys = ['Z', 'a', 'a/1', 'a/2', 'b', 'z', '\u00e9', '\u{1f600}'];
    for (const k of [...keys].reverse()) await objects.put(objectRow('conf-s3-scan', k, { size: k.length }));
    await objects.put(objectRow('conf-s3-scan-other', 'a/1'));
    const all = await objects.scanKeys('conf-s3-scan', '', false, undefined, 100);
    assert.deepEqual(all.map((r) => r.key), keys);
    assert.deepEqual(all[2], {
      key: 'a/1',
      size: 3,
      etag: objectRow('x', 'y').etag,
      last_modified: 1_700_000_000_000,
      owner_account: ACCOUNT,
      checksum_algorithm: null,
    });
    assert.deepEqual((await objects.scanKeys('conf-s3-scan', 'a', false, 'b', 100)).map((r) => r.key), ['a', 'a/1', 'a/2']);
    assert.deepEqual((await objects.scanKeys('conf-s3-scan', 'a', true, 'b', 100)).map((r) => r.key), ['a/1', 'a/2']);
    assert.deepEqual((await objects.scanKeys('conf-s3-scan', 'a', true, undefined, 2)).map((r) => r.key), ['a/1', 'a/2']);
    assert.deepEqual((await objects.scanKeys('conf-s3-scan', 'z', true, undefined, 100)).map((r) => r.key), ['\u00e9', '\u{1f600}']);
    assert.deepEqual(await objects.scanKeys('conf-s3-scan', 'a0', false, 'a1', 100), []);
    assert.deepEqual(await objects.scanKeys('conf-s3-scan-none', '', false, undefined, 100), []);
  });

  test('objects: pageBlobLists pages every object in (bucket, key) order, each exactly once', async () => {
    const { objects } = repos();
    const mine = [
      ['conf-s3-pg-a', 'k1'],
      ['conf-s3-pg-a', 'k2'],
      ['conf-s3-pg-a', 'k3'],
      ['conf-s3-pg-b', 'k0'],
      ['conf-s3-pg-b', 'k1'],
    ] as const;
    for (const [b, k] of [...mine].reverse()) await objects.put(objectRow(b, k));
    const seen: Array<{ bucket: string; key: string; blobs: string }> = [];
    let after: { bucket: string; key: string } | undefined;
    for (;;) {
      const page = await objects.pageBlobLists(after, 2);
      assert.ok(page.length <= 2);
      seen.push(...page);
      if (page.length < 2) break;
      after = page[page.length - 1];
    }
    const ordered = seen.map((r) => `${r.bucket}\u0000${r.key}`);
    assert.deepEqual(ordered, [...ordered].sort((x, y) => Buffer.compare(Buffer.from(x), Buffer.from(y))));
    assert.equal(new Set(ordered).size, ordered.length);
    const ours = seen.filter((r) => r.bucket.startsWith('conf-s3-pg-'));
    assert.deepEqual(
      ours,
      mine.map(([bucket, key]) => ({ bucket, key, blobs: objectRow(bucket, key).blobs })),
    );
    const rest = await objects.pageBlobLists({ bucket: 'conf-s3-pg-a', key: 'k2' }, 100);
    assert.deepEqual(
      rest.filter((r) => r.bucket.startsWith('conf-s3-pg-')).map((r) => [r.bucket, r.key]),
      [
        ['conf-s3-pg-a', 'k3'],
        ['conf-s3-pg-b', 'k0'],
        ['conf-s3-pg-b', 'k1'],
      ],
    );
  });

  test('uploads: insert and get; putPart refuses a missing upload, records a part and returns the part it replaces', async () => {
    const { uploads } = repos();
    const up = uploadRow('conf-s3-up-1', 'conf-s3-up', 'big');
    await uploads.insert(up);
    assert.deepEqual(await uploads.get('conf-s3-up-1'), up);
    assert.equal(await uploads.get('conf-s3-up-missing'), undefined);

    assert.equal(await uploads.putPart(partRow('conf-s3-up-missing', 1)), 'no-upload');
    assert.deepEqual(await uploads.listParts('conf-s3-up-missing'), []);

    for (const n of [3, 1, 2]) assert.equal(await uploads.putPart(partRow('conf-s3-up-1', n)), undefined);
    const again = partRow('conf-s3-up-1', 2, { blob_id: 'part-2-again', etag: 'etag-2b', size: 9 });
    assert.deepEqual(await uploads.putPart(again), partRow('conf-s3-up-1', 2));
    assert.deepEqual(await uploads.listParts('conf-s3-up-1'), [partRow('conf-s3-up-1', 1), again, partRow('conf-s3-up-1', 3)]);
    assert.deepEqual((await uploads.listParts('conf-s3-up-1', 1)).map((p) => p.part_number), [2, 3]);
    assert.deepEqual((await uploads.listParts('conf-s3-up-1', 0, 2)).map((p) => p.part_number), [1, 2]);
    assert.deepEqual(await uploads.listParts('conf-s3-up-1', 3), []);

    const blobIds = new Set(await uploads.listPartBlobIds());
    for (const id of ['part-conf-s3-up-1-1', 'part-2-again', 'part-conf-s3-up-1-3']) assert.ok(blobIds.has(id), id);
    assert.equal(blobIds.has('part-conf-s3-up-1-2'), false);
  });

  test('uploads: deleteWithParts returns the parts once and removes upload and parts', async () => {
    const { uploads } = repos();
    assert.equal(await uploads.deleteWithParts('conf-s3-ab-missing'), undefined);
    await uploads.insert(uploadRow('conf-s3-ab-1', 'conf-s3-ab', 'k'));
    assert.deepEqual(await uploads.deleteWithParts('conf-s3-ab-1'), []);
    await uploads.insert(uploadRow('conf-s3-ab-2', 'conf-s3-ab', 'k'));
    await uploads.putPart(partRow('conf-s3-ab-2', 1));
    await uploads.putPart(partRow('conf-s3-ab-2', 2));
    const parts = await uploads.deleteWithParts('conf-s3-ab-2');
    assert.deepEqual(parts?.sort((a, b) => a.part_number - b.part_number), [partRow('conf-s3-ab-2', 1), partRow('conf-s3-ab-2', 2)]);
    assert.equal(await uploads.get('conf-s3-ab-2'), undefined);
    assert.deepEqual(await uploads.listParts('conf-s3-ab-2'), []);
    assert.equal(await uploads.deleteWithParts('conf-s3-ab-2'), undefined);
    assert.equal(await uploads.putPart(partRow('conf-s3-ab-2', 3)), 'no-upload');
  });

  test('uploads: complete writes the object, removes the upload and its parts, returns the replaced object; a gone upload writes nothing', async () => {
    const { uploads, objects } = repos();
    const target = objectRow('conf-s3-cm', 'big', { parts_count: 2, etag: 'etag-2', blobs: '[{"id":"p1","size":5},{"id":"p2","size":5}]', size: 10 });
    assert.equal(await uploads.complete('conf-s3-cm-missing', target), undefined);
    assert.equal(await objects.get('conf-s3-cm', 'big'), undefined);

    await uploads.insert(uploadRow('conf-s3-cm-1', 'conf-s3-cm', 'big'));
    await uploads.putPart(partRow('conf-s3-cm-1', 1));
    await uploads.putPart(partRow('conf-s3-cm-1', 2));
    const r = await uploads.complete('conf-s3-cm-1', target);
    assert.equal(r?.old, undefined);
    assert.deepEqual(r?.parts.sort((a, b) => a.part_number - b.part_number), [partRow('conf-s3-cm-1', 1), partRow('conf-s3-cm-1', 2)]);
    assert.deepEqual(await objects.get('conf-s3-cm', 'big'), target);
    assert.equal(await uploads.get('conf-s3-cm-1'), undefined);
    assert.deepEqual(await uploads.listParts('conf-s3-cm-1'), []);
    assert.equal(await uploads.complete('conf-s3-cm-1', target), undefined);

    await uploads.insert(uploadRow('conf-s3-cm-2', 'conf-s3-cm', 'big'));
    const second = { ...target, etag: 'etag-second', parts_count: 1 };
    const r2 = await uploads.complete('conf-s3-cm-2', second);
    assert.deepEqual(r2, { old: target, parts: [] });
    assert.deepEqual(await objects.get('conf-s3-cm', 'big'), second);
  });

  test('uploads: a completion keeps its answer in the same transaction, and only adds it; forgetCompleted removes answers before its time; a refused completion keeps none', async () => {
    const { uploads } = repos();
    const target = objectRow('conf-s3-rc', 'k', { etag: 'etag-rc' });
    assert.equal(await uploads.completed('conf-s3-rc-1'), undefined);
    await uploads.insert(uploadRow('conf-s3-rc-1', 'conf-s3-rc', 'k'));
    await uploads.complete('conf-s3-rc-1', target, undefined, { answer: '{"xml":"<a/>"}', completedAt: 1_000 });
    assert.deepEqual(await uploads.completed('conf-s3-rc-1'), { upload_id: 'conf-s3-rc-1', bucket: 'conf-s3-rc', key: 'k', etag: 'etag-rc', answer: '{"xml":"<a/>"}', completed_at: 1_000 });
    // A gone upload writes no answer.
    assert.equal(await uploads.complete('conf-s3-rc-missing', target, undefined, { answer: '{}', completedAt: 1_500 }), undefined);
    assert.equal(await uploads.completed('conf-s3-rc-missing'), undefined);
    // A precondition that refuses leaves the upload and keeps no answer.
    await uploads.insert(uploadRow('conf-s3-rc-2', 'conf-s3-rc', 'k'));
    await assert.rejects(
      uploads.complete('conf-s3-rc-2', target, () => {
        throw new Error('refused');
      }, { answer: '{}', completedAt: 1_600 }),
      /refused/,
    );
    assert.equal(await uploads.completed('conf-s3-rc-2'), undefined);
    assert.ok(await uploads.get('conf-s3-rc-2'));
    // A later completion removes no earlier answer, however old.
    await uploads.complete('conf-s3-rc-2', target, undefined, { answer: '{"xml":"<b/>"}', completedAt: 2_000 });
    assert.equal((await uploads.completed('conf-s3-rc-1'))?.answer, '{"xml":"<a/>"}');
    assert.equal((await uploads.completed('conf-s3-rc-2'))?.answer, '{"xml":"<b/>"}');
    // forgetCompleted(t) removes the answers completed before t (not at t).
    assert.equal(await uploads.forgetCompleted(1_000), 0);
    assert.equal(await uploads.forgetCompleted(1_001), 1);
    assert.equal(await uploads.completed('conf-s3-rc-1'), undefined);
    assert.equal((await uploads.completed('conf-s3-rc-2'))?.answer, '{"xml":"<b/>"}');
    assert.equal(await uploads.forgetCompleted(2_001), 1);
    assert.equal(await uploads.completed('conf-s3-rc-2'), undefined);
  });

  test('uploads: listInBucket in (key, upload id) order, from the prefix, after the key marker (and upload id marker), limited', async () => {
    const { uploads } = repos();
    const rows: Array<[string, string]> = [
      ['a', 'u2'],
      ['a', 'u1'],
      ['b/1', 'u3'],
      ['b/2', 'u5'],
      ['b/2', 'u4'],
      ['c', 'u6'],
    ];
    for (const [key, id] of rows) await uploads.insert(uploadRow(`conf-s3-lu-${id}`, 'conf-s3-lu', key));
    await uploads.insert(uploadRow('conf-s3-lu-elsewhere', 'conf-s3-lu-other', 'a'));
    const list = async (prefix: string, keyMarker: string, idMarker: string, limit = 100) =>
      (await uploads.listInBucket('conf-s3-lu', prefix, keyMarker, idMarker, limit)).map((u) => `${u.key}:${u.upload_id.slice('conf-s3-lu-'.length)}`);
    assert.deepEqual(await list('', '', ''), ['a:u1', 'a:u2', 'b/1:u3', 'b/2:u4', 'b/2:u5', 'c:u6']);
    assert.deepEqual(await list('', '', '', 2), ['a:u1', 'a:u2']);
    assert.deepEqual(await list('', 'a', ''), ['b/1:u3', 'b/2:u4', 'b/2:u5', 'c:u6']);
    assert.deepEqual(await list('', 'b/2', 'conf-s3-lu-u4'), ['b/2:u5', 'c:u6']);
    assert.deepEqual(await list('', 'a', 'conf-s3-lu-u1', 2), ['a:u2', 'b/1:u3']);
    // The prefix is a lower bound only: the caller stops at the first key past it.
    assert.deepEqual(await list('b/', '', ''), ['b/1:u3', 'b/2:u4', 'b/2:u5', 'c:u6']);
    assert.deepEqual(await list('b/', 'b/1', ''), ['b/2:u4', 'b/2:u5', 'c:u6']);
    assert.deepEqual(await list('', 'c', ''), []);
    const [first] = await uploads.listInBucket('conf-s3-lu', '', '', '', 1);
    assert.deepEqual(first, uploadRow('conf-s3-lu-u1', 'conf-s3-lu', 'a'));
  });

  test('store.transaction: the s3 repositories work inside it and roll back with it', async () => {
    await ensureAccounts();
    const failure = new Error('roll back');
    await assert.rejects(
      env.store.transaction(async (tx) => {
        await tx.buckets.insert(bucketRow('conf-s3-tx'));
        assert.equal(await tx.objects.put(objectRow('conf-s3-tx', 'k')), undefined);
        await tx.uploads.insert(uploadRow('conf-s3-tx-up', 'conf-s3-tx', 'k'));
        assert.equal(await tx.uploads.putPart(partRow('conf-s3-tx-up', 1)), undefined);
        assert.equal(await tx.buckets.deleteIfEmpty('conf-s3-tx'), 'not-empty');
        assert.deepEqual(await tx.objects.deleteMany('conf-s3-tx', ['k']), [objectRow('conf-s3-tx', 'k')]);
        throw failure;
      }),
      (e) => e === failure,
    );
    const { buckets, objects, uploads } = repos();
    assert.equal(await buckets.get('conf-s3-tx'), undefined);
    assert.equal(await objects.get('conf-s3-tx', 'k'), undefined);
    assert.equal(await uploads.get('conf-s3-tx-up'), undefined);

    await env.store.transaction(async (tx) => {
      await tx.buckets.insert(bucketRow('conf-s3-tx'));
      await tx.objects.put(objectRow('conf-s3-tx', 'k'));
      assert.deepEqual(await tx.objects.delete('conf-s3-tx', 'k'), objectRow('conf-s3-tx', 'k'));
      assert.equal(await tx.buckets.deleteIfEmpty('conf-s3-tx'), 'deleted');
    });
    assert.equal(await buckets.get('conf-s3-tx'), undefined);
  });

  test('access control: setAccessControl sets only what the patch names; objects.setAcl; a write without an ACL stores null', async () => {
    await ensureAccounts();
    const { buckets, objects } = repos();
    await buckets.insert(bucketRow('conf-s3-acl'));
    assert.equal(await buckets.setAccessControl('conf-s3-acl', { object_ownership: 'ObjectWriter', acl: '[]' }), true);
    assert.equal(await buckets.setAccessControl('conf-s3-acl', { public_access_block: '{"BlockPublicAcls":true}' }), true);
    const b = await buckets.get('conf-s3-acl');
    assert.deepEqual([b?.object_ownership, b?.public_access_block, b?.acl], ['ObjectWriter', '{"BlockPublicAcls":true}', '[]']);
    assert.equal(await buckets.setAccessControl('conf-s3-acl', { object_ownership: null }), true);
    assert.equal((await buckets.get('conf-s3-acl'))?.object_ownership, null);
    assert.equal(await buckets.setAccessControl('conf-s3-acl-missing', { acl: null }), false);

    await objects.put(objectRow('conf-s3-acl', 'k', { acl: '[{"x":1}]' }));
    assert.equal((await objects.get('conf-s3-acl', 'k'))?.acl, '[{"x":1}]');
    assert.equal(await objects.setAcl('conf-s3-acl', 'k', '[]'), true);
    assert.equal((await objects.get('conf-s3-acl', 'k'))?.acl, '[]');
    const { acl: _omitted, ...withoutAcl } = objectRow('conf-s3-acl', 'k');
    await objects.put(withoutAcl);
    assert.equal((await objects.get('conf-s3-acl', 'k'))?.acl, null);
    assert.equal(await objects.setAcl('conf-s3-acl', 'missing', '[]'), false);

    // Versions: an older version keeps its own ACL, a new one starts without; a delete marker has none to set.
    await objects.put(objectRow('conf-s3-acl', 'v', { version_id: 'v1', acl: '[{"v":1}]' }));
    await objects.put(objectRow('conf-s3-acl', 'v', { version_id: 'v2' }));
    assert.equal((await objects.getVersion('conf-s3-acl', 'v', 'v1'))?.row.acl, '[{"v":1}]');
    assert.equal((await objects.get('conf-s3-acl', 'v'))?.acl, null);
    await objects.put(objectRow('conf-s3-acl', 'v', { version_id: 'm3', delete_marker: 1, blobs: '[]' }));
    assert.equal(await objects.setAcl('conf-s3-acl', 'v', '[]'), false);
    assert.equal((await objects.getVersion('conf-s3-acl', 'v', 'v2'))?.row.acl, null);
    // setVersionAcl: a noncurrent version by id (the others untouched); a delete marker is returned, unchanged.
    assert.equal((await objects.setVersionAcl('conf-s3-acl', 'v', 'v2', '[{"v":2}]'))?.row.version_id, 'v2');
    assert.equal((await objects.getVersion('conf-s3-acl', 'v', 'v2'))?.row.acl, '[{"v":2}]');
    assert.equal((await objects.getVersion('conf-s3-acl', 'v', 'v1'))?.row.acl, '[{"v":1}]');
    assert.equal((await objects.setVersionAcl('conf-s3-acl', 'v', undefined, '[]'))?.row.delete_marker, 1);
    assert.equal((await objects.getVersion('conf-s3-acl', 'v', 'm3'))?.row.acl ?? null, null);
    assert.equal(await objects.setVersionAcl('conf-s3-acl', 'v', 'nope', '[]'), undefined);
    assert.equal(await objects.setVersionAcl('conf-s3-acl', 'missing', undefined, '[]'), undefined);
  });
}
