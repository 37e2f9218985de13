import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';
import type { S3ObjectsTable } from '../schema-s3.js';

export const getObject = (db: Kysely<Database>, bucket: string, key: string): Promise<S3ObjectsTable | undefined> =>
  db.selectFrom('s3_objects').selectAll().where('bucket', '=', bucket).where('key', '=', key).executeTakeFirst();

/**
 * Inserts or replaces the object in one transaction; returns the replaced row (whose blobs the caller then
 * removes). `precondition` runs inside the transaction against the current row (conditional writes).
 */
export async function putObject(
  db: Kysely<Database>,
  row: S3ObjectsTable,
  precondition?: (current: S3ObjectsTable | undefined) => void,
): Promise<S3ObjectsTable | undefined> {
  return db.transaction().execute(async (tx) => {
    const old = await tx.selectFrom('s3_objects').selectAll().where('bucket', '=', row.bucket).where('key', '=', row.key).executeTakeFirst();
    precondition?.(old);
    if (old) {
      await tx.updateTable('s3_objects').set(row).where('bucket', '=', row.bucket).where('key', '=', row.key).execute();
    } else {
      await tx.insertInto('s3_objects').values(row).execute();
    }
    return old;
  });
}

/** Deletes the object; returns the deleted row, if any. */
export async function deleteObject(db: Kysely<Database>, bucket: string, key: string): Promise<S3ObjectsTable | undefined> {
  return db.transaction().execute(async (tx) => {
    const old = await tx.selectFrom('s3_objects').selectAll().where('bucket', '=', bucket).where('key', '=', key).executeTakeFirst();
    if (old) await tx.deleteFrom('s3_objects').where('bucket', '=', bucket).where('key', '=', key).execute();
    return old;
  });
}

export type ListedObject = Pick<S3ObjectsTable, 'key' | 'size' | 'etag' | 'last_modified' | 'owner_account' | 'checksum_algorithm'>;

/**
 * One page of the range scan: keys in [from, to) (or (from, to) when `exclusive`), in byte order.
 * `to` undefined: no upper bound.
 */
export function scanObjects(
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
