import type { Kysely } from 'kysely';

/**
 * A multipart upload's checksum type (x-amz-checksum-type on CreateMultipartUpload): COMPOSITE (a checksum of
 * the parts' checksums, "-N") or FULL_OBJECT (the checksum of the whole object). Null: no checksum.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('s3_uploads').addColumn('checksum_type', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('s3_uploads').dropColumn('checksum_type').execute();
}
