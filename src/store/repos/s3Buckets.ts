import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';
import type { S3BucketsTable } from '../schema-s3.js';
import { atomically } from './s3Atomically.js';

const getBucket = (db: Kysely<Database>, name: string): Promise<S3BucketsTable | undefined> =>
  db.selectFrom('s3_buckets').selectAll().where('name', '=', name).executeTakeFirst();

const listBucketsOf = (db: Kysely<Database>, accountId: string): Promise<S3BucketsTable[]> =>
  db.selectFrom('s3_buckets').selectAll().where('account_id', '=', accountId).orderBy('name').execute();

/** Inserts the bucket; false when the name is taken (by anyone). */
async function insertBucket(db: Kysely<Database>, row: S3BucketsTable): Promise<boolean> {
  const r = await db.insertInto('s3_buckets').values(row).onConflict((oc) => oc.column('name').doNothing()).executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0) > 0;
}

/** Deletes the bucket if it holds no object and no multipart upload; 'not-empty' otherwise. */
async function deleteBucketIfEmpty(db: Kysely<Database>, name: string): Promise<BucketDeletion> {
  return atomically(db, async (tx) => {
    const obj = await tx.selectFrom('s3_objects').select('key').where('bucket', '=', name).limit(1).executeTakeFirst();
    const up = await tx.selectFrom('s3_uploads').select('upload_id').where('bucket', '=', name).limit(1).executeTakeFirst();
    if (obj || up) return 'not-empty';
    const r = await tx.deleteFrom('s3_buckets').where('name', '=', name).executeTakeFirst();
    return Number(r.numDeletedRows) > 0 ? 'deleted' : 'missing';
  });
}

const setBucketPolicy = (db: Kysely<Database>, name: string, policy: string | null) =>
  db.updateTable('s3_buckets').set({ policy }).where('name', '=', name).execute();

const setBucketEncryption = (db: Kysely<Database>, name: string, encryption: string | null) =>
  db.updateTable('s3_buckets').set({ encryption }).where('name', '=', name).execute();
const setBucketCors = (db: Kysely<Database>, name: string, cors: string | null) =>
  db.updateTable('s3_buckets').set({ cors }).where('name', '=', name).execute();
/** The bucket's access-control settings (ownership, public access block, ACL); what the patch leaves out is kept. */
export type BucketAccessControl = Partial<Pick<S3BucketsTable, 'object_ownership' | 'public_access_block' | 'acl'>>;

const setBucketAccessControl = (db: Kysely<Database>, name: string, patch: BucketAccessControl) =>
  db.updateTable('s3_buckets').set(patch).where('name', '=', name).executeTakeFirst();

export type BucketDeletion = 'deleted' | 'not-empty' | 'missing';

export interface BucketsRepo {
  get(name: string): Promise<S3BucketsTable | undefined>;
  /** The account's buckets, by name. */
  listOwnedBy(accountId: string): Promise<S3BucketsTable[]>;
  /** Inserts the bucket; false when the name is taken (by anyone). */
  insert(row: S3BucketsTable): Promise<boolean>;
  /**
   * Deletes the bucket if it holds no object and no multipart upload (checked and deleted in one
   * transaction); 'not-empty' otherwise, 'missing' when there is no such bucket.
   */
  deleteIfEmpty(name: string): Promise<BucketDeletion>;
  /** Sets (or, with null, removes) the bucket policy; a missing bucket is left alone. */
  setPolicy(name: string, policy: string | null): Promise<void>;
  /** Sets (or, with null, removes) the default encryption configuration; a missing bucket is left alone. */
  setEncryption(name: string, encryption: string | null): Promise<void>;
  /** Sets (or, with null, removes) the CORS rules (JSON); a missing bucket is left alone. */
  setCors(name: string, cors: string | null): Promise<void>;
  /** Sets the given access-control settings (null removes one); false when there is no such bucket. */
  setAccessControl(name: string, patch: BucketAccessControl): Promise<boolean>;
}

export const bucketsRepo = (db: Kysely<Database>): BucketsRepo => ({
  get: (name) => getBucket(db, name),
  listOwnedBy: (accountId) => listBucketsOf(db, accountId),
  insert: (row) => insertBucket(db, row),
  deleteIfEmpty: (name) => deleteBucketIfEmpty(db, name),
  setPolicy: async (name, policy) => {
    await setBucketPolicy(db, name, policy);
  },
  setEncryption: async (name, encryption) => {
    await setBucketEncryption(db, name, encryption);
  },
  setCors: async (name, cors) => {
    await setBucketCors(db, name, cors);
  },
  setAccessControl: async (name, patch) => Number((await setBucketAccessControl(db, name, patch)).numUpdatedRows) > 0,
});
