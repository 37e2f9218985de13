import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';
import type { S3ObjectsTable } from '../schema-s3.js';
import { atomically } from './s3Atomically.js';

const getObject = (db: Kysely<Database>, bucket: string, key: string): Promise<S3ObjectsTable | undefined> =>
  db.selectFrom('s3_objects').selectAll().where('bucket', '=', bucket).where('key', '=', key).executeTakeFirst();

/** Runs inside the write's transaction against the current row; throws a ServiceError to refuse the write. */
export type ObjectWritePrecondition = (current: S3ObjectsTable | undefined) => void;

async function upsert(tx: Kysely<Database>, row: S3ObjectsTable, precondition?: ObjectWritePrecondition): Promise<S3ObjectsTable | undefined> {
  const old = await tx.selectFrom('s3_objects').selectAll().where('bucket', '=', row.bucket).where('key', '=', row.key).executeTakeFirst();
  precondition?.(old);
  if (old) {
    await tx.updateTable('s3_objects').set(row).where('bucket', '=', row.bucket).where('key', '=', row.key).execute();
  } else {
    await tx.insertInto('s3_objects').values(row).execute();
  }
  return old;
}

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
function putObject(db: Kysely<Database>, given: S3ObjectsTable, precondition?: ObjectWritePrecondition): Promise<S3ObjectsTable | undefined> {
  // A new object never inherits the ACL of the one it replaces.
  const row = { ...given, acl: given.acl ?? null };
  // Inside the caller's transaction the write commits with it (no group commit: Kysely does not nest).
  if (db.isTransaction) return upsert(db, row, precondition);
  let q = queues.get(db);
  if (!q) queues.set(db, (q = new PutQueue(db)));
  return q.put(row, precondition);
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

/** Sets the object's ACL grants (JSON, or null); false when there is no such object. */
async function setObjectAcl(db: Kysely<Database>, bucket: string, key: string, acl: string | null): Promise<boolean> {
  const r = await db.updateTable('s3_objects').set({ acl }).where('bucket', '=', bucket).where('key', '=', key).executeTakeFirst();
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
  return q.orderBy('key').limit(limit).execute();
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
  get(bucket: string, key: string): Promise<S3ObjectsTable | undefined>;
  /**
   * Inserts or replaces the object (group-committed with concurrent writes; inside store.transaction it
   * commits with that transaction); returns the replaced row, whose blobs the caller then removes.
   * `precondition` runs inside the transaction against the current row and throws a ServiceError to
   * refuse (only this write fails). Call it only once the object's bytes are durable: the row makes the
   * object visible.
   */
  put(row: S3ObjectsTable, precondition?: ObjectWritePrecondition): Promise<S3ObjectsTable | undefined>;
  /** Deletes the object; returns the deleted row, if any. */
  delete(bucket: string, key: string): Promise<S3ObjectsTable | undefined>;
  /** Deletes many keys of one bucket in one transaction; returns the deleted rows (missing keys: none). */
  deleteMany(bucket: string, keys: string[]): Promise<S3ObjectsTable[]>;
  /**
   * One page of the listing's range scan: keys in [from, to) (or (from, to) when `exclusive`), in byte
   * order, at most `limit`. `to` undefined: no upper bound.
   */
  scanKeys(bucket: string, from: string, exclusive: boolean, to: string | undefined, limit: number): Promise<ListedObject[]>;
  /** One page of every object's blob list, in (bucket, key) order, strictly after `after` (keyset). */
  pageBlobLists(after: { bucket: string; key: string } | undefined, limit: number): Promise<ObjectBlobs[]>;
  /** Sets the object's ACL grants (JSON, or null); false when there is no such object. */
  setAcl(bucket: string, key: string, acl: string | null): Promise<boolean>;
}

export const objectsRepo = (db: Kysely<Database>): ObjectsRepo => ({
  get: (bucket, key) => getObject(db, bucket, key),
  put: (row, precondition) => putObject(db, row, precondition),
  delete: (bucket, key) => deleteObject(db, bucket, key),
  deleteMany: (bucket, keys) => deleteObjects(db, bucket, keys),
  scanKeys: (bucket, from, exclusive, to, limit) => scanObjects(db, bucket, from, exclusive, to, limit),
  pageBlobLists: (after, limit) => pageObjectBlobs(db, after, limit),
  setAcl: (bucket, key, acl) => setObjectAcl(db, bucket, key, acl),
});
