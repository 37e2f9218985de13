import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema.js';
import type { S3ObjectsTable } from '../schema-s3.js';
import { atomically } from './s3Atomically.js';
import { precompiled } from './precompiled.js';
import {
  demote,
  latestForUpdate,
  pageVersionBlobs,
  positionOf,
  promoteOrDelete,
  removeNoncurrent,
  scanVersions,
  type ListedVersion,
  type VersionBlobs,
  type VersionPosition,
} from './s3Versions.js';

export { VERSION_POSITION, type ListedVersion, type VersionPosition } from './s3Versions.js';

/** The latest version of the key, unless it is a delete marker. */
const getObject = (db: Kysely<Database>, bucket: string, key: string): Promise<S3ObjectsTable | undefined> =>
  db.selectFrom('s3_objects').selectAll().where('bucket', '=', bucket).where('key', '=', key).where('delete_marker', '=', 0).executeTakeFirst();

/** Runs inside the write's transaction against the current row; throws a ServiceError to refuse the write. */
export type ObjectWritePrecondition = (current: S3ObjectsTable | undefined) => void;

/**
 * Writes `row` as the key's latest version. The same version id as the latest (the null version, in an
 * unversioned or suspended bucket) replaces it in place; another one pushes the latest down to the
 * noncurrent versions, and a new null version also ends a noncurrent null version. Returns the version
 * that was replaced (its blobs are the caller's to remove), if any. The precondition sees the latest
 * version unless it is a delete marker.
 */
export async function writeLatest(tx: Kysely<Database>, given: S3ObjectsTable, precondition?: ObjectWritePrecondition): Promise<S3ObjectsTable | undefined> {
  // A new version never inherits the ACL of the one it replaces (each version keeps its own).
  const row = { ...given, acl: given.acl ?? null };
  const old = await latestForUpdate(tx, row.bucket, row.key);
  precondition?.(old && !old.delete_marker ? old : undefined);
  if (!old) {
    await tx.insertInto('s3_objects').values(row).execute();
    return undefined;
  }
  let replaced: S3ObjectsTable | undefined = old;
  if (old.version_id !== row.version_id) {
    await demote(tx, old, row.last_modified);
    replaced = row.version_id === 'null' ? await removeNoncurrent(tx, row.bucket, row.key, 'null') : undefined;
  }
  await tx.updateTable('s3_objects').set(row).where('bucket', '=', row.bucket).where('key', '=', row.key).execute();
  return replaced;
}

const upsert = writeLatest;

interface Pending {
  row: S3ObjectsTable;
  precondition: ObjectWritePrecondition | undefined;
  resolve: (old: S3ObjectsTable | undefined) => void;
  reject: (e: unknown) => void;
}

/**
 * Group commit: object writes that arrive while a commit is in progress are committed together in the next
 * transaction, so concurrent PUTs share one durable commit (one fsync) instead of queueing one each. Each
 * write still sees the rows committed before it (they run in order inside the transaction), and a failed
 * precondition fails only its own write.
 */
class PutQueue {
  private pending: Pending[] = [];
  private running = false;

  constructor(private readonly db: Kysely<Database>) {}

  put(row: S3ObjectsTable, precondition?: ObjectWritePrecondition): Promise<S3ObjectsTable | undefined> {
    return new Promise((resolve, reject) => {
      this.pending.push({ row, precondition, resolve, reject });
      if (!this.running) void this.drain();
    });
  }

  private async drain() {
    this.running = true;
    try {
      while (this.pending.length > 0) {
        const batch = this.pending.splice(0, 512);
        const outcomes: Array<{ ok: true; old: S3ObjectsTable | undefined } | { ok: false; error: unknown }> = [];
        try {
          await this.db.transaction().execute(async (tx) => {
            outcomes.length = 0;
            for (const p of batch) {
              try {
                outcomes.push({ ok: true, old: await upsert(tx, p.row, p.precondition) });
              } catch (error) {
                if (!(error instanceof Error && error.name === 'ServiceError')) throw error;
                outcomes.push({ ok: false, error });
              }
            }
          });
        } catch (error) {
          for (const p of batch) p.reject(error);
          continue;
        }
        batch.forEach((p, i) => {
          const o = outcomes[i]!;
          if (o.ok) p.resolve(o.old);
          else p.reject(o.error);
        });
      }
    } finally {
      this.running = false;
    }
  }
}

const queues = new WeakMap<Kysely<Database>, PutQueue>();

/**
 * Inserts or replaces the object (group-committed with concurrent writes); returns the replaced row, whose
 * blobs the caller then removes. `precondition` runs inside the transaction against the current row
 * (conditional writes) and throws a ServiceError to refuse.
 */
function putObject(db: Kysely<Database>, row: S3ObjectsTable, precondition?: ObjectWritePrecondition): Promise<S3ObjectsTable | undefined> {
  // Inside the caller's transaction the write commits with it (no group commit: Kysely does not nest).
  if (db.isTransaction) return upsert(db, row, precondition);
  let q = queues.get(db);
  if (!q) queues.set(db, (q = new PutQueue(db)));
  return q.put(row, precondition);
}

/** A version, found: its row (possibly a delete marker) and whether it is the key's latest. */
export interface FoundVersion {
  row: S3ObjectsTable;
  latest: boolean;
}

/** The key's latest version, delete marker or not (every GetObject and HeadObject reads it: compiled once). */
const latestRow = precompiled((db, bucket: string, key: string) =>
  db.selectFrom('s3_objects').selectAll().where('bucket', '=', bucket).where('key', '=', key));

/** The version `versionId` of the key (undefined: the latest, delete marker or not). */
async function getVersion(db: Kysely<Database>, bucket: string, key: string, versionId: string | undefined): Promise<FoundVersion | undefined> {
  const cur = (await latestRow(db, bucket, key))[0];
  if (!cur) return undefined;
  if (versionId === undefined || cur.version_id === versionId) return { row: cur, latest: true };
  const v = await db.selectFrom('s3_versions').select('row').where('bucket', '=', bucket).where('key', '=', key).where('version_id', '=', versionId).executeTakeFirst();
  return v ? { row: JSON.parse(v.row) as S3ObjectsTable, latest: false } : undefined;
}

/** Removes one version (unless `precondition` throws); the newest noncurrent one becomes the latest when the latest goes. */
function deleteVersion(db: Kysely<Database>, bucket: string, key: string, versionId: string, precondition?: VersionPrecondition): Promise<FoundVersion | undefined> {
  return atomically(db, async (tx) => {
    const cur = await latestForUpdate(tx, bucket, key);
    if (!cur) return undefined;
    if (cur.version_id === versionId) {
      precondition?.(cur);
      await promoteOrDelete(tx, bucket, key);
      return { row: cur, latest: true };
    }
    if (precondition) {
      const found = await getVersion(tx, bucket, key, versionId);
      if (found) precondition(found.row);
    }
    const row = await removeNoncurrent(tx, bucket, key, versionId);
    return row ? { row, latest: false } : undefined;
  });
}

/** Runs inside a version's transaction against the version as it is; throws a ServiceError to refuse. */
export type VersionPrecondition = (row: S3ObjectsTable) => void;

/** Changes columns of one version (the latest, or a noncurrent one inside its row), in the caller's transaction. */
async function updateVersion(tx: Kysely<Database>, found: FoundVersion, patch: Partial<Pick<S3ObjectsTable, 'tags' | 'object_lock' | 'acl'>>): Promise<void> {
  const { bucket, key, version_id } = found.row;
  if (found.latest) {
    await tx.updateTable('s3_objects').set(patch).where('bucket', '=', bucket).where('key', '=', key).execute();
  } else {
    const row = JSON.stringify({ ...found.row, ...patch });
    await tx.updateTable('s3_versions').set({ row }).where('bucket', '=', bucket).where('key', '=', key).where('version_id', '=', version_id).execute();
  }
}

/**
 * Sets a version's lock to what `decide` answers for the version as it is (inside the transaction;
 * `decide` throws a ServiceError to refuse); returns the version as it was (undefined: no such version;
 * a delete marker is returned unchanged).
 */
function setLock(
  db: Kysely<Database>,
  bucket: string,
  key: string,
  versionId: string | undefined,
  decide: (row: S3ObjectsTable) => string | null,
): Promise<FoundVersion | undefined> {
  return atomically(db, async (tx) => {
    if (!(await latestForUpdate(tx, bucket, key))) return undefined;
    const found = await getVersion(tx, bucket, key, versionId);
    if (!found || found.row.delete_marker) return found;
    await updateVersion(tx, found, { object_lock: decide(found.row) });
    return found;
  });
}

/**
 * Sets a version's tag set or ACL grants (null: removes them); returns the version as it was (undefined: no
 * such version; a delete marker is returned unchanged).
 */
function patchVersion(
  db: Kysely<Database>,
  bucket: string,
  key: string,
  versionId: string | undefined,
  patch: Partial<Pick<S3ObjectsTable, 'tags' | 'acl'>>,
): Promise<FoundVersion | undefined> {
  return atomically(db, async (tx) => {
    if (!(await latestForUpdate(tx, bucket, key))) return undefined;
    const found = await getVersion(tx, bucket, key, versionId);
    if (!found || found.row.delete_marker) return found;
    await updateVersion(tx, found, patch);
    return found;
  });
}

/** Deletes the object; returns the deleted row, if any. */
async function deleteObject(db: Kysely<Database>, bucket: string, key: string): Promise<S3ObjectsTable | undefined> {
  return atomically(db, async (tx) => {
    const old = await tx.selectFrom('s3_objects').selectAll().where('bucket', '=', bucket).where('key', '=', key).executeTakeFirst();
    if (old) await tx.deleteFrom('s3_objects').where('bucket', '=', bucket).where('key', '=', key).execute();
    return old;
  });
}

/** Deletes many keys of one bucket in one transaction; returns the deleted rows. */
async function deleteObjects(db: Kysely<Database>, bucket: string, keys: string[]): Promise<S3ObjectsTable[]> {
  if (keys.length === 0) return [];
  return atomically(db, async (tx) => {
    const old: S3ObjectsTable[] = [];
    for (let i = 0; i < keys.length; i += 200) {
      const slice = keys.slice(i, i + 200);
      old.push(...(await tx.selectFrom('s3_objects').selectAll().where('bucket', '=', bucket).where('key', 'in', slice).execute()));
      await tx.deleteFrom('s3_objects').where('bucket', '=', bucket).where('key', 'in', slice).execute();
    }
    return old;
  });
}

/** Sets the latest version's ACL grants (JSON, or null); false when there is no such object (or a delete marker). */
async function setObjectAcl(db: Kysely<Database>, bucket: string, key: string, acl: string | null): Promise<boolean> {
  const r = await db.updateTable('s3_objects').set({ acl }).where('bucket', '=', bucket).where('key', '=', key).where('delete_marker', '=', 0).executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

export type ListedObject = Pick<S3ObjectsTable, 'key' | 'size' | 'etag' | 'last_modified' | 'owner_account' | 'checksum_algorithm'>;

/**
 * One page of the range scan: keys in [from, to) (or (from, to) when `exclusive`), in byte order.
 * `to` undefined: no upper bound.
 */
function scanObjects(
  db: Kysely<Database>,
  bucket: string,
  from: string,
  exclusive: boolean,
  to: string | undefined,
  limit: number,
): Promise<ListedObject[]> {
  let q = db
    .selectFrom('s3_objects')
    .select(['key', 'size', 'etag', 'last_modified', 'owner_account', 'checksum_algorithm'])
    .where('bucket', '=', bucket)
    .where('key', exclusive ? '>' : '>=', from);
  if (to !== undefined) q = q.where('key', '<', to);
  // A literal, so that both backends plan the partial index of the rows that are not delete markers.
  return q.where(sql<boolean>`delete_marker = 0`).orderBy('key').limit(limit).execute();
}

/** An object's blob list, for finding which blobs are referenced. */
export type ObjectBlobs = Pick<S3ObjectsTable, 'bucket' | 'key' | 'blobs'>;

/** One page of every object's blob list, in (bucket, key) order, after `after` (keyset pagination). */
function pageObjectBlobs(db: Kysely<Database>, after: { bucket: string; key: string } | undefined, limit: number): Promise<ObjectBlobs[]> {
  let q = db.selectFrom('s3_objects').select(['bucket', 'key', 'blobs']).orderBy('bucket').orderBy('key').limit(limit);
  if (after) {
    const a = after;
    q = q.where((eb) => eb.or([eb('bucket', '>', a.bucket), eb.and([eb('bucket', '=', a.bucket), eb('key', '>', a.key)])]));
  }
  return q.execute();
}

export interface ObjectsRepo {
  /** The key's latest version, unless it is a delete marker. */
  get(bucket: string, key: string): Promise<S3ObjectsTable | undefined>;
  /** A version of the key by id (undefined: the latest), delete markers included, and whether it is the latest. */
  getVersion(bucket: string, key: string, versionId: string | undefined): Promise<FoundVersion | undefined>;
  /**
   * Removes one version (when it is the latest, the newest noncurrent version becomes the latest); returns
   * it, whose blobs the caller then removes. Undefined: no such version.
   */
  deleteVersion(bucket: string, key: string, versionId: string, precondition?: VersionPrecondition): Promise<FoundVersion | undefined>;
  /**
   * Sets the lock of a version (undefined: the latest) to what `decide` answers for it, read inside the
   * transaction (`decide` throws a ServiceError to refuse); returns the version as it was, unchanged when
   * it is a delete marker. Undefined: no such version.
   */
  setLock(bucket: string, key: string, versionId: string | undefined, decide: (row: S3ObjectsTable) => string | null): Promise<FoundVersion | undefined>;
  /** Sets (null: removes) the tag set of a version (undefined: the latest); returns the version as it was, unchanged when it is a delete marker. */
  setTags(bucket: string, key: string, versionId: string | undefined, tags: string | null): Promise<FoundVersion | undefined>;
  /**
   * Writes the key's latest version (a new version, or the null version replacing the null version, delete
   * markers included) (group-committed with concurrent writes; inside store.transaction it
   * commits with that transaction); returns the replaced version, whose blobs the caller then removes.
   * `precondition` runs inside the transaction against the current row and throws a ServiceError to
   * refuse (only this write fails). Call it only once the object's bytes are durable: the row makes the
   * object visible.
   */
  put(row: S3ObjectsTable, precondition?: ObjectWritePrecondition): Promise<S3ObjectsTable | undefined>;
  /** Deletes the object of an unversioned bucket; returns the deleted row, if any. */
  delete(bucket: string, key: string): Promise<S3ObjectsTable | undefined>;
  /** Deletes many keys of an unversioned bucket in one transaction; returns the deleted rows (missing keys: none). */
  deleteMany(bucket: string, keys: string[]): Promise<S3ObjectsTable[]>;
  /**
   * One page of the listing's range scan: keys in [from, to) (or (from, to) when `exclusive`), in byte
   * order, at most `limit`, whose latest version is not a delete marker. `to` undefined: no upper bound.
   */
  scanKeys(bucket: string, from: string, exclusive: boolean, to: string | undefined, limit: number): Promise<ListedObject[]>;
  /**
   * One page of every version, in (key, newest first) order: the versions after position `after` (a
   * key and a seq: VERSION_POSITION.current is the latest's, .before and .after bound a key's versions)
   * with keys below `to`, at most `limit`.
   */
  scanVersions(bucket: string, after: VersionPosition, to: string | undefined, limit: number): Promise<ListedVersion[]>;
  /** The position of a version (for resuming a listing after it); undefined when the key has no such version. */
  positionOf(bucket: string, key: string, versionId: string): Promise<VersionPosition | undefined>;
  /** One page of every object's blob list, in (bucket, key) order, strictly after `after` (keyset). */
  pageBlobLists(after: { bucket: string; key: string } | undefined, limit: number): Promise<ObjectBlobs[]>;
  /** Sets the object's ACL grants (JSON, or null); false when there is no such object. */
  setAcl(bucket: string, key: string, acl: string | null): Promise<boolean>;
  /** Sets a version's ACL grants (undefined: the latest); the version as it was (undefined: none; a delete marker is left as it is). */
  setVersionAcl(bucket: string, key: string, versionId: string | undefined, acl: string | null): Promise<FoundVersion | undefined>;
  /** The same over the noncurrent versions, in (bucket, key, seq) order. */
  pageVersionBlobLists(after: VersionBlobs | undefined, limit: number): Promise<VersionBlobs[]>;
}

export const objectsRepo = (db: Kysely<Database>): ObjectsRepo => ({
  get: (bucket, key) => getObject(db, bucket, key),
  put: (row, precondition) => putObject(db, row, precondition),
  delete: (bucket, key) => deleteObject(db, bucket, key),
  deleteMany: (bucket, keys) => deleteObjects(db, bucket, keys),
  scanKeys: (bucket, from, exclusive, to, limit) => scanObjects(db, bucket, from, exclusive, to, limit),
  pageBlobLists: (after, limit) => pageObjectBlobs(db, after, limit),
  setAcl: (bucket, key, acl) => setObjectAcl(db, bucket, key, acl),
  setVersionAcl: (bucket, key, versionId, acl) => patchVersion(db, bucket, key, versionId, { acl }),
  getVersion: (bucket, key, versionId) => getVersion(db, bucket, key, versionId),
  deleteVersion: (bucket, key, versionId, precondition) => deleteVersion(db, bucket, key, versionId, precondition),
  setLock: (bucket, key, versionId, decide) => setLock(db, bucket, key, versionId, decide),
  setTags: (bucket, key, versionId, tags) => patchVersion(db, bucket, key, versionId, { tags }),
  scanVersions: (bucket, after, to, limit) => scanVersions(db, bucket, after, to, limit),
  positionOf: (bucket, key, versionId) => positionOf(db, bucket, key, versionId),
  pageVersionBlobLists: (after, limit) => pageVersionBlobs(db, after, limit),
});
