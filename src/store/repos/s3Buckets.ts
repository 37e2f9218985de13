import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';
import type { S3BucketsTable } from '../schema-s3.js';

export const getBucket = (db: Kysely<Database>, name: string): Promise<S3BucketsTable | undefined> =>
  db.selectFrom('s3_buckets').selectAll().where('name', '=', name).executeTakeFirst();

export const listBucketsOf = (db: Kysely<Database>, accountId: string): Promise<S3BucketsTable[]> =>
  db.selectFrom('s3_buckets').selectAll().where('account_id', '=', accountId).orderBy('name').execute();

/** Inserts the bucket; false when the name is taken (by anyone). */
export async function insertBucket(db: Kysely<Database>, row: S3BucketsTable): Promise<boolean> {
  const r = await db.insertInto('s3_buckets').values(row).onConflict((oc) => oc.column('name').doNothing()).executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0) > 0;
}

/** Deletes the bucket if it holds no object and no multipart upload; 'not-empty' otherwise. */
export async function deleteBucketIfEmpty(db: Kysely<Database>, name: string): Promise<'deleted' | 'not-empty' | 'missing'> {
  return db.transaction().execute(async (tx) => {
    const obj = await tx.selectFrom('s3_objects').select('key').where('bucket', '=', name).limit(1).executeTakeFirst();
    const up = await tx.selectFrom('s3_uploads').select('upload_id').where('bucket', '=', name).limit(1).executeTakeFirst();
    if (obj || up) return 'not-empty';
    const r = await tx.deleteFrom('s3_buckets').where('name', '=', name).executeTakeFirst();
    return Number(r.numDeletedRows) > 0 ? 'deleted' : 'missing';
  });
}

export const setBucketPolicy = (db: Kysely<Database>, name: string, policy: string | null) =>
  db.updateTable('s3_buckets').set({ policy }).where('name', '=', name).execute();
