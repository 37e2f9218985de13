import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';
import type { S3ObjectsTable, S3PartsTable, S3UploadsTable } from '../schema-s3.js';

export const insertUpload = (db: Kysely<Database>, row: S3UploadsTable) => db.insertInto('s3_uploads').values(row).execute();

export const getUpload = (db: Kysely<Database>, uploadId: string): Promise<S3UploadsTable | undefined> =>
  db.selectFrom('s3_uploads').selectAll().where('upload_id', '=', uploadId).executeTakeFirst();

/** Records a part (replacing an earlier upload of the same number); returns the replaced part. */
export async function putPart(db: Kysely<Database>, row: S3PartsTable): Promise<S3PartsTable | undefined | 'no-upload'> {
  return db.transaction().execute(async (tx) => {
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

export const listParts = (db: Kysely<Database>, uploadId: string, after = 0, limit = 10_001): Promise<S3PartsTable[]> =>
  db
    .selectFrom('s3_parts')
    .selectAll()
    .where('upload_id', '=', uploadId)
    .where('part_number', '>', after)
    .orderBy('part_number')
    .limit(limit)
    .execute();

/** Removes the upload and its parts; returns the parts (whose blobs the caller removes). */
export async function deleteUpload(db: Kysely<Database>, uploadId: string): Promise<S3PartsTable[] | undefined> {
  return db.transaction().execute(async (tx) => {
    const up = await tx.selectFrom('s3_uploads').select('upload_id').where('upload_id', '=', uploadId).executeTakeFirst();
    if (!up) return undefined;
    const parts = await tx.selectFrom('s3_parts').selectAll().where('upload_id', '=', uploadId).execute();
    await tx.deleteFrom('s3_parts').where('upload_id', '=', uploadId).execute();
    await tx.deleteFrom('s3_uploads').where('upload_id', '=', uploadId).execute();
    return parts;
  });
}

/**
 * Completes an upload in one transaction: the object row replaces any existing one, the upload and its
 * parts go. Returns the replaced object and all parts (the caller removes blobs not used by the object).
 */
export async function completeUpload(
  db: Kysely<Database>,
  uploadId: string,
  row: S3ObjectsTable,
): Promise<{ old: S3ObjectsTable | undefined; parts: S3PartsTable[] } | undefined> {
  return db.transaction().execute(async (tx) => {
    const up = await tx.selectFrom('s3_uploads').select('upload_id').where('upload_id', '=', uploadId).executeTakeFirst();
    if (!up) return undefined;
    const parts = await tx.selectFrom('s3_parts').selectAll().where('upload_id', '=', uploadId).execute();
    const old = await tx.selectFrom('s3_objects').selectAll().where('bucket', '=', row.bucket).where('key', '=', row.key).executeTakeFirst();
    if (old) await tx.updateTable('s3_objects').set(row).where('bucket', '=', row.bucket).where('key', '=', row.key).execute();
    else await tx.insertInto('s3_objects').values(row).execute();
    await tx.deleteFrom('s3_parts').where('upload_id', '=', uploadId).execute();
    await tx.deleteFrom('s3_uploads').where('upload_id', '=', uploadId).execute();
    return { old, parts };
  });
}

export function listUploads(
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
