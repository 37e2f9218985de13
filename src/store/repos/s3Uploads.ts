import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';
import type { S3CompletedUploadsTable, S3ObjectsTable, S3PartsTable, S3UploadsTable } from '../schema-s3.js';
import { atomically } from './s3Atomically.js';
import { writeLatest, type ObjectWritePrecondition } from './s3Objects.js';

const insertUpload = (db: Kysely<Database>, row: S3UploadsTable) => db.insertInto('s3_uploads').values(row).execute();

const getUpload = (db: Kysely<Database>, uploadId: string): Promise<S3UploadsTable | undefined> =>
  db.selectFrom('s3_uploads').selectAll().where('upload_id', '=', uploadId).executeTakeFirst();

/** Records a part (replacing an earlier upload of the same number); returns the replaced part. */
async function putPart(db: Kysely<Database>, row: S3PartsTable): Promise<S3PartsTable | undefined | 'no-upload'> {
  return atomically(db, async (tx) => {
    const up = await tx.selectFrom('s3_uploads').select('upload_id').where('upload_id', '=', row.upload_id).executeTakeFirst();
    if (!up) return 'no-upload' as const;
    const old = await tx
      .selectFrom('s3_parts')
      .selectAll()
      .where('upload_id', '=', row.upload_id)
      .where('part_number', '=', row.part_number)
      .executeTakeFirst();
    if (old) {
      await tx.updateTable('s3_parts').set(row).where('upload_id', '=', row.upload_id).where('part_number', '=', row.part_number).execute();
    } else {
      await tx.insertInto('s3_parts').values(row).execute();
    }
    return old;
  });
}

const listParts = (db: Kysely<Database>, uploadId: string, after = 0, limit = 10_001): Promise<S3PartsTable[]> =>
  db
    .selectFrom('s3_parts')
    .selectAll()
    .where('upload_id', '=', uploadId)
    .where('part_number', '>', after)
    .orderBy('part_number')
    .limit(limit)
    .execute();

/** Removes the upload and its parts; returns the parts (whose blobs the caller removes). */
async function deleteUpload(db: Kysely<Database>, uploadId: string): Promise<S3PartsTable[] | undefined> {
  return atomically(db, async (tx) => {
    const up = await tx.selectFrom('s3_uploads').select('upload_id').where('upload_id', '=', uploadId).executeTakeFirst();
    if (!up) return undefined;
    const parts = await tx.selectFrom('s3_parts').selectAll().where('upload_id', '=', uploadId).execute();
    await tx.deleteFrom('s3_parts').where('upload_id', '=', uploadId).execute();
    await tx.deleteFrom('s3_uploads').where('upload_id', '=', uploadId).execute();
    return parts;
  });
}

/**
 * Completes an upload in one transaction: the object row becomes the key's latest version (replacing the
 * null version, or a new version: objects repository's writeLatest), the upload and its parts go, and its
 * answer is kept (`receipt`; forgetCompleted removes old ones, outside this transaction). Returns the replaced
 * version and all parts (the caller removes blobs not used by the object).
 */
async function completeUpload(
  db: Kysely<Database>,
  uploadId: string,
  given: S3ObjectsTable,
  precondition: ObjectWritePrecondition | undefined,
  receipt: CompletionReceipt | undefined,
): Promise<{ old: S3ObjectsTable | undefined; parts: S3PartsTable[] } | undefined> {
  const row = { ...given, acl: given.acl ?? null };
  return atomically(db, async (tx) => {
    const up = await tx.selectFrom('s3_uploads').select('upload_id').where('upload_id', '=', uploadId).executeTakeFirst();
    if (!up) return undefined;
    const parts = await tx.selectFrom('s3_parts').selectAll().where('upload_id', '=', uploadId).execute();
    const old = await writeLatest(tx, row, precondition);
    await tx.deleteFrom('s3_parts').where('upload_id', '=', uploadId).execute();
    await tx.deleteFrom('s3_uploads').where('upload_id', '=', uploadId).execute();
    if (receipt) {
      await tx
        .insertInto('s3_completed_uploads')
        .values({ upload_id: uploadId, bucket: row.bucket, key: row.key, etag: row.etag, answer: receipt.answer, completed_at: receipt.completedAt })
        .execute();
    }
    return { old, parts };
  });
}

/** Removes the kept answers of uploads completed before `before`; returns how many. */
const forgetCompleted = async (db: Kysely<Database>, before: number): Promise<number> =>
  Number((await db.deleteFrom('s3_completed_uploads').where('completed_at', '<', before).executeTakeFirst()).numDeletedRows);

const getCompleted = async (db: Kysely<Database>, uploadId: string): Promise<S3CompletedUploadsTable | undefined> => {
  const r = await db.selectFrom('s3_completed_uploads').selectAll().where('upload_id', '=', uploadId).executeTakeFirst();
  return r && { ...r, completed_at: Number(r.completed_at) };
};

function listUploads(
  db: Kysely<Database>,
  bucket: string,
  prefix: string,
  keyMarker: string,
  uploadIdMarker: string,
  limit: number,
): Promise<S3UploadsTable[]> {
  let q = db.selectFrom('s3_uploads').selectAll().where('bucket', '=', bucket);
  if (keyMarker) {
    q = uploadIdMarker
      ? q.where((eb) => eb.or([eb('key', '>', keyMarker), eb.and([eb('key', '=', keyMarker), eb('upload_id', '>', uploadIdMarker)])]))
      : q.where('key', '>', keyMarker);
  }
  if (prefix) q = q.where('key', '>=', prefix);
  return q.orderBy('key').orderBy('upload_id').limit(limit).execute();
}

/** Every part's blob id (the blobs that uploads in progress reference). */
const listPartBlobIds = async (db: Kysely<Database>): Promise<string[]> =>
  (await db.selectFrom('s3_parts').select('blob_id').execute()).map((p) => p.blob_id);

/** What a completion keeps of its answer (s3_completed_uploads), for a retry within S3's window. */
export interface CompletionReceipt {
  /** The answer as JSON ({ headers, xml }). */
  answer: string;
  completedAt: number;
}

export interface UploadsRepo {
  insert(row: S3UploadsTable): Promise<void>;
  get(uploadId: string): Promise<S3UploadsTable | undefined>;
  /**
   * Records a part, replacing an earlier upload of the same number, in one transaction; returns the
   * replaced part (whose blob the caller removes), or 'no-upload' when the upload is gone.
   */
  putPart(row: S3PartsTable): Promise<S3PartsTable | undefined | 'no-upload'>;
  /** The upload's parts numbered above `after` (default 0), ascending, at most `limit` (default 10 001). */
  listParts(uploadId: string, after?: number, limit?: number): Promise<S3PartsTable[]>;
  /** Removes the upload and its parts in one transaction; returns the parts (undefined: no such upload). */
  deleteWithParts(uploadId: string): Promise<S3PartsTable[] | undefined>;
  /**
   * Completes an upload in one transaction: `row` inserts or replaces the object, the upload and its parts
   * go. Returns the replaced object and all parts (the caller removes blobs the object does not use);
   * undefined when the upload is gone (nothing written). `precondition` (If-Match / If-None-Match) sees the
   * key's current object inside the transaction; when it throws, nothing changes and the upload stays.
   * `receipt` keeps the answer in the same transaction (completed(uploadId) reads it back).
   */
  complete(
    uploadId: string,
    row: S3ObjectsTable,
    precondition?: ObjectWritePrecondition,
    receipt?: CompletionReceipt,
  ): Promise<{ old: S3ObjectsTable | undefined; parts: S3PartsTable[] } | undefined>;
  /** The kept answer of a completed upload (until forgetCompleted removes it; the caller checks its age). */
  completed(uploadId: string): Promise<S3CompletedUploadsTable | undefined>;
  /** Removes the kept answers of uploads completed before `before` (the lifecycle sweep); returns how many. */
  forgetCompleted(before: number): Promise<number>;
  /**
   * The bucket's uploads in (key, upload id) order: keys at or after `prefix` (the caller stops at the
   * first key outside it), after `keyMarker` (or, with `uploadIdMarker`, after that upload of the key
   * marker); at most `limit`.
   */
  listInBucket(bucket: string, prefix: string, keyMarker: string, uploadIdMarker: string, limit: number): Promise<S3UploadsTable[]>;
  /** Every part's blob id (the blobs that uploads in progress reference). */
  listPartBlobIds(): Promise<string[]>;
}

export const uploadsRepo = (db: Kysely<Database>): UploadsRepo => ({
  insert: async (row) => {
    await insertUpload(db, row);
  },
  get: (uploadId) => getUpload(db, uploadId),
  putPart: (row) => putPart(db, row),
  listParts: (uploadId, after, limit) => listParts(db, uploadId, after, limit),
  deleteWithParts: (uploadId) => deleteUpload(db, uploadId),
  complete: (uploadId, row, precondition, receipt) => completeUpload(db, uploadId, row, precondition, receipt),
  completed: (uploadId) => getCompleted(db, uploadId),
  forgetCompleted: (before) => forgetCompleted(db, before),
  listInBucket: (bucket, prefix, keyMarker, uploadIdMarker, limit) => listUploads(db, bucket, prefix, keyMarker, uploadIdMarker, limit),
  listPartBlobIds: () => listPartBlobIds(db),
});
