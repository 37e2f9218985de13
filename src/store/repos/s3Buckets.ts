import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';
import type { S3BucketsTable } from '../schema-s3.js';
import { atomically } from './s3Atomically.js';

const getBucket = (db: Kysely<Database>, name: string): Promise<S3BucketsTable | undefined> =>
  db.selectFrom('s3_buckets').selectAll().where('name', '=', name).executeTakeFirst();

const listBucketsOf = (db: Kysely<Database>, accountId: string): Promise<S3BucketsTable[]> =>
  db.selectFrom('s3_buckets').selectAll().where('account_id', '=', accountId).orderBy('name').execute();

/** Inserts the bucket; false when the name is taken (by anyone). */
async function insertBucket(db: Kysely<Database>, row: NewBucket): Promise<boolean> {
  const r = await db.insertInto('s3_buckets').values(row).onConflict((oc) => oc.column('name').doNothing()).executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0) > 0;
}

/**
 * Deletes the bucket if it holds no object, aborting its multipart uploads with it (S3 deletes a bucket with
 * uploads in progress); 'not-empty' otherwise. The aborted parts' blob ids go to `aborted`.
 */
async function deleteBucketIfEmpty(db: Kysely<Database>, name: string, aborted?: string[]): Promise<BucketDeletion> {
  return atomically(db, async (tx) => {
    const obj = await tx.selectFrom('s3_objects').select('key').where('bucket', '=', name).limit(1).executeTakeFirst();
    if (obj) return 'not-empty';
    const uploads = tx.selectFrom('s3_uploads').select('upload_id').where('bucket', '=', name);
    const parts = await tx.selectFrom('s3_parts').select('blob_id').where('upload_id', 'in', uploads).execute();
    await tx.deleteFrom('s3_parts').where('upload_id', 'in', uploads).execute();
    await tx.deleteFrom('s3_uploads').where('bucket', '=', name).execute();
    const r = await tx.deleteFrom('s3_buckets').where('name', '=', name).executeTakeFirst();
    if (Number(r.numDeletedRows) === 0) return 'missing';
    aborted?.push(...parts.map((p) => p.blob_id));
    return 'deleted';
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
/** A new bucket: no tags; not versioned unless created with Object Lock (versioning 'Enabled'). */
export type NewBucket = Omit<S3BucketsTable, 'versioning' | 'tags' | 'object_lock' | 'lifecycle'> & Partial<Pick<S3BucketsTable, 'versioning' | 'object_lock'>>;

export type BucketDeletion = 'deleted' | 'not-empty' | 'missing';

export interface BucketsRepo {
  get(name: string): Promise<S3BucketsTable | undefined>;
  /** The account's buckets, by name. */
  listOwnedBy(accountId: string): Promise<S3BucketsTable[]>;
  /** Inserts the bucket; false when the name is taken (by anyone). */
  insert(row: NewBucket): Promise<boolean>;
  /**
   * Deletes the bucket if it holds no object (checked and deleted in one transaction), aborting its multipart
   * uploads in the same transaction (their parts' blob ids are pushed to `abortedPartBlobs`, for the caller to
   * remove); 'not-empty' otherwise, 'missing' when there is no such bucket.
   */
  deleteIfEmpty(name: string, abortedPartBlobs?: string[]): Promise<BucketDeletion>;
  /** Sets (or, with null, removes) the bucket policy; a missing bucket is left alone. */
  setPolicy(name: string, policy: string | null): Promise<void>;
  /** Sets (or, with null, removes) the default encryption configuration; a missing bucket is left alone. */
  setEncryption(name: string, encryption: string | null): Promise<void>;
  /** Sets (or, with null, removes) the CORS rules (JSON); a missing bucket is left alone. */
  setCors(name: string, cors: string | null): Promise<void>;
  /** Sets the given access-control settings (null removes one); false when there is no such bucket. */
  setAccessControl(name: string, patch: BucketAccessControl): Promise<boolean>;
  /** Sets the versioning status ('Enabled' or 'Suspended'); a missing bucket is left alone. */
  setVersioning(name: string, status: string): Promise<void>;
  /** Sets (or, with null, removes) the bucket's tag set (JSON); a missing bucket is left alone. */
  setTags(name: string, tags: string | null): Promise<void>;
  /** Sets the Object Lock configuration (JSON); a missing bucket is left alone. */
  setObjectLock(name: string, config: string): Promise<void>;
  /** Sets (or, with null, removes) the lifecycle rules (JSON); a missing bucket is left alone. */
  setLifecycle(name: string, rules: string | null): Promise<void>;
  /** One page of the buckets that have lifecycle rules, by name, strictly after `after`. */
  pageWithLifecycle(after: string | undefined, limit: number): Promise<S3BucketsTable[]>;
}

export const bucketsRepo = (db: Kysely<Database>): BucketsRepo => ({
  get: (name) => getBucket(db, name),
  listOwnedBy: (accountId) => listBucketsOf(db, accountId),
  insert: (row) => insertBucket(db, row),
  deleteIfEmpty: (name, aborted) => deleteBucketIfEmpty(db, name, aborted),
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
  setVersioning: async (name, versioning) => {
    await db.updateTable('s3_buckets').set({ versioning }).where('name', '=', name).execute();
  },
  setTags: async (name, tags) => {
    await db.updateTable('s3_buckets').set({ tags }).where('name', '=', name).execute();
  },
  setObjectLock: async (name, object_lock) => {
    await db.updateTable('s3_buckets').set({ object_lock }).where('name', '=', name).execute();
  },
  setLifecycle: async (name, lifecycle) => {
    await db.updateTable('s3_buckets').set({ lifecycle }).where('name', '=', name).execute();
  },
  pageWithLifecycle: (after, limit) => {
    let q = db.selectFrom('s3_buckets').selectAll().where('lifecycle', 'is not', null).orderBy('name').limit(limit);
    if (after !== undefined) q = q.where('name', '>', after);
    return q.execute();
  },
});
