import type { Kysely } from 'kysely';

/**
 * S3 server-side encryption: a bucket's default encryption configuration (PutBucketEncryption), JSON, null
 * when none was put (the server's default applies). Object encryption needs no column: an encrypted object's
 * headers record it and its blobs carry their own wrapped keys (store/blobs/sealed.ts).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('s3_buckets').addColumn('encryption', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('s3_buckets').dropColumn('encryption').execute();
}
