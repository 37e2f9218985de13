/**
 * The noncurrent versions of S3 objects (s3_versions) as the objects repository uses them: pushing the
 * latest version down, taking one out, bringing the newest back up, and the ListObjectVersions scan that
 * merges the latest versions (s3_objects) with the noncurrent ones, both as indexed range scans.
 */
import { PostgresAdapter, type Kysely } from 'kysely';
import type { Database } from '../schema.js';
import type { S3ObjectsTable, S3VersionsTable } from '../schema-s3.js';

/** Positions within a key's versions: before all of them, the latest's, after all of them. */
export const VERSION_POSITION = { before: Number.MIN_SAFE_INTEGER, current: -(2 ** 52), after: Number.MAX_SAFE_INTEGER } as const;

/** A place in the (key, newest first) order of versions: the latest has seq VERSION_POSITION.current. */
export interface VersionPosition {
  key: string;
  seq: number;
}

export interface ListedVersion extends VersionPosition {
  version_id: string;
  delete_marker: number;
  is_latest: boolean;
  last_modified: number;
  size: number;
  etag: string;
  owner_account: string;
  checksum_algorithm: string | null;
}

export type VersionBlobs = Pick<S3VersionsTable, 'bucket' | 'key' | 'seq' | 'blobs'>;

/**
 * The key's latest version, read to be changed in this transaction: on PostgreSQL the row is locked, so
 * concurrent writers of one key (other servers included) take turns; SQLite has one writer at a time.
 */
export function latestForUpdate(tx: Kysely<Database>, bucket: string, key: string): Promise<S3ObjectsTable | undefined> {
  const q = tx.selectFrom('s3_objects').selectAll().where('bucket', '=', bucket).where('key', '=', key);
  return (tx.getExecutor().adapter instanceof PostgresAdapter ? q.forUpdate() : q).executeTakeFirst();
}

/** Moves the latest version `old` to the noncurrent versions, newest of them (a newer one replaced it at `now`). */
export async function demote(tx: Kysely<Database>, old: S3ObjectsTable, now: number): Promise<void> {
  const newest = await tx.selectFrom('s3_versions').select('seq').where('bucket', '=', old.bucket).where('key', '=', old.key).orderBy('seq').limit(1).executeTakeFirst();
  await tx
    .insertInto('s3_versions')
    .values({
      bucket: old.bucket,
      key: old.key,
      seq: newest ? Number(newest.seq) - 1 : -1,
      version_id: old.version_id,
      delete_marker: old.delete_marker,
      last_modified: old.last_modified,
      noncurrent_since: now,
      size: old.size,
      etag: old.etag,
      owner_account: old.owner_account,
      checksum_algorithm: old.checksum_algorithm,
      blobs: old.blobs,
      row: JSON.stringify(old),
    })
    .execute();
}

/** Removes a noncurrent version; returns its row. */
export async function removeNoncurrent(tx: Kysely<Database>, bucket: string, key: string, versionId: string): Promise<S3ObjectsTable | undefined> {
  const v = await tx.selectFrom('s3_versions').select(['seq', 'row']).where('bucket', '=', bucket).where('key', '=', key).where('version_id', '=', versionId).executeTakeFirst();
  if (!v) return undefined;
  await tx.deleteFrom('s3_versions').where('bucket', '=', bucket).where('key', '=', key).where('seq', '=', v.seq).execute();
  return JSON.parse(v.row) as S3ObjectsTable;
}

/** The latest version goes: the newest noncurrent version takes its place, or the key is gone. */
export async function promoteOrDelete(tx: Kysely<Database>, bucket: string, key: string): Promise<void> {
  const next = await tx.selectFrom('s3_versions').select(['seq', 'row']).where('bucket', '=', bucket).where('key', '=', key).orderBy('seq').limit(1).executeTakeFirst();
  if (!next) {
    await tx.deleteFrom('s3_objects').where('bucket', '=', bucket).where('key', '=', key).execute();
    return;
  }
  await tx.deleteFrom('s3_versions').where('bucket', '=', bucket).where('key', '=', key).where('seq', '=', next.seq).execute();
  const row = JSON.parse(next.row) as S3ObjectsTable;
  await tx.updateTable('s3_objects').set(row).where('bucket', '=', bucket).where('key', '=', key).execute();
}

/** Code units at or above U+D800 are where UTF-16 order and UTF-8 byte order can differ. */
const HIGH = /[\ud800-\uffff]/;

/** UTF-8 byte order of two keys (S3's), without encoding them when UTF-16 order is the same. */
function byteOrder(a: string, b: string): number {
  if (a === b) return 0;
  if (!HIGH.test(a) && !HIGH.test(b)) return a < b ? -1 : 1;
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

/**
 * Versions after `after` with keys below `to`: the noncurrent ones from s3_versions and the latest versions
 * from s3_objects (up to the last key of a full page of noncurrent ones), each read as a range scan of at
 * most `limit` rows, merged.
 */
export async function scanVersions(db: Kysely<Database>, bucket: string, after: VersionPosition, to: string | undefined, limit: number): Promise<ListedVersion[]> {
  let cq = db
    .selectFrom('s3_objects')
    .select(['key', 'version_id', 'delete_marker', 'last_modified', 'size', 'etag', 'owner_account', 'checksum_algorithm'])
    .where('bucket', '=', bucket)
    .where('key', after.seq < VERSION_POSITION.current ? '>=' : '>', after.key);
  if (to !== undefined) cq = cq.where('key', '<', to);
  const columns = ['key', 'seq', 'version_id', 'delete_marker', 'last_modified', 'size', 'etag', 'owner_account', 'checksum_algorithm'] as const;
  const sameKey = db.selectFrom('s3_versions').select(columns).where('bucket', '=', bucket).where('key', '=', after.key).where('seq', '>', after.seq).orderBy('seq').limit(limit);
  let laterKeys = db.selectFrom('s3_versions').select(columns).where('bucket', '=', bucket).where('key', '>', after.key);
  if (to !== undefined) laterKeys = laterKeys.where('key', '<', to);
  const own = to !== undefined && byteOrder(after.key, to) >= 0 ? [] : await sameKey.execute();
  const rest = own.length < limit ? await laterKeys.orderBy('key').orderBy('seq').limit(limit - own.length).execute() : [];
  // A full page of noncurrent versions ends the page at its last key: later latest versions cannot be in it.
  const last = own.length + rest.length === limit ? (rest[rest.length - 1] ?? own[own.length - 1])!.key : undefined;
  if (last !== undefined) cq = cq.where('key', '<=', last);
  const current = await cq.orderBy('key').limit(limit).execute();
  // The rows become the listed versions in place (no copy of each): a page is up to 1,000 of them.
  const latest = current as ListedVersion[];
  for (const c of latest) {
    c.seq = VERSION_POSITION.current;
    c.is_latest = true;
  }
  const older = (own.length === 0 ? rest : rest.length === 0 ? own : own.concat(rest)) as ListedVersion[];
  for (const v of older) {
    v.seq = Number(v.seq);
    v.is_latest = false;
  }
  if (latest.length === 0 || older.length === 0) {
    const only = latest.length === 0 ? older : latest;
    return only.length > limit ? only.slice(0, limit) : only;
  }
  const out: ListedVersion[] = [];
  let i = 0;
  let j = 0;
  while (out.length < limit && (i < latest.length || j < older.length)) {
    if (j >= older.length) out.push(latest[i++]!);
    else if (i >= latest.length) out.push(older[j++]!);
    else {
      const c = byteOrder(latest[i]!.key, older[j]!.key);
      out.push(c <= 0 ? latest[i++]! : older[j++]!);
    }
  }
  return out;
}

/** Where a version of the key sits in the listing order; undefined when there is no such version. */
export async function positionOf(db: Kysely<Database>, bucket: string, key: string, versionId: string): Promise<VersionPosition | undefined> {
  const cur = await db.selectFrom('s3_objects').select('version_id').where('bucket', '=', bucket).where('key', '=', key).executeTakeFirst();
  if (!cur) return undefined;
  if (cur.version_id === versionId) return { key, seq: VERSION_POSITION.current };
  const v = await db.selectFrom('s3_versions').select('seq').where('bucket', '=', bucket).where('key', '=', key).where('version_id', '=', versionId).executeTakeFirst();
  return v ? { key, seq: Number(v.seq) } : undefined;
}

/** One page of the noncurrent versions' blob lists, in (bucket, key, seq) order, strictly after `after`. */
export function pageVersionBlobs(db: Kysely<Database>, after: VersionBlobs | undefined, limit: number): Promise<VersionBlobs[]> {
  let q = db.selectFrom('s3_versions').select(['bucket', 'key', 'seq', 'blobs']).orderBy('bucket').orderBy('key').orderBy('seq').limit(limit);
  if (after) {
    const a = after;
    q = q.where((eb) =>
      eb.or([
        eb('bucket', '>', a.bucket),
        eb.and([eb('bucket', '=', a.bucket), eb('key', '>', a.key)]),
        eb.and([eb('bucket', '=', a.bucket), eb('key', '=', a.key), eb('seq', '>', a.seq)]),
      ]),
    );
  }
  return q.execute();
}
