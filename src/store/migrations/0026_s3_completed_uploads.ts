import type { Kysely } from 'kysely';

/**
 * The answers of recently completed multipart uploads (s3_completed_uploads), written in the completing
 * transaction: a CompleteMultipartUpload retried within S3's window gets the same answer again on any node
 * sharing the store, and after a restart. Rows past the window are removed by later completions.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('s3_completed_uploads')
    .addColumn('upload_id', 'text', (c) => c.primaryKey())
    .addColumn('bucket', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('etag', 'text', (c) => c.notNull())
    .addColumn('answer', 'text', (c) => c.notNull())
    .addColumn('completed_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('s3_completed_uploads_by_time').on('s3_completed_uploads').column('completed_at').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('s3_completed_uploads').execute();
}
