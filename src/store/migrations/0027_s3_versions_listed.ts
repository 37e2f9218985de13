import type { Kysely } from 'kysely';

/** The columns ListObjectVersions reads of a noncurrent version (store/repos/s3Versions.ts scanVersions). */
const LISTED_VERSION_COLUMNS = ['key', 'seq', 'version_id', 'delete_marker', 'last_modified', 'size', 'etag', 'owner_account', 'checksum_algorithm'] as const;

/**
 * A covering index for ListObjectVersions: (bucket, key, seq) followed by every column the listing reads, so
 * a page of noncurrent versions is one range scan of the index on both SQLite and PostgreSQL (an index-only
 * scan) instead of a lookup of each table row, whose `row` and `blobs` texts the listing never reads. Plain
 * key columns rather than PostgreSQL's INCLUDE: one definition for both databases; a key's entry stays far
 * below PostgreSQL's B-tree entry limit (S3 keys are at most 1,024 bytes).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createIndex('s3_versions_listed')
    .on('s3_versions')
    .columns(['bucket', ...LISTED_VERSION_COLUMNS])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('s3_versions_listed').execute();
}
