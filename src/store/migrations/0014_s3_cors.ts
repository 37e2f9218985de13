import type { Kysely } from 'kysely';

/**
 * A bucket's CORS configuration (PutBucketCors): its rules as JSON on the bucket's row, so the request path
 * reads them with the bucket (one cached lookup) and they go with the bucket.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('s3_buckets').addColumn('cors', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('s3_buckets').dropColumn('cors').execute();
}
