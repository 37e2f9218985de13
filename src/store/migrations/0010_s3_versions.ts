import { PostgresAdapter, sql, type Kysely } from 'kysely';

/**
 * S3 versioning and tagging. `s3_objects` keeps one row per key: its latest version, which may be a delete
 * marker (`delete_marker` = 1); listings of objects scan the partial index of the rows that are not
 * markers. The versions behind it (noncurrent) are `s3_versions`, keyed (bucket, key, seq) with `seq`
 * falling as versions are added, so a key's versions come newest first in one ascending range scan.
 * A noncurrent row keeps the whole object row it was (JSON, whatever columns s3_objects has then) and, as
 * columns, what ListObjectVersions and a lifecycle sweep read (`noncurrent_since`: when it stopped being
 * the latest). Buckets get their versioning status and tag set; objects and uploads their tag sets.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  const keyType = pg ? sql`text collate "C"` : sql`text`;
  await db.schema.alterTable('s3_buckets').addColumn('versioning', 'text').execute();
  await db.schema.alterTable('s3_buckets').addColumn('tags', 'text').execute();
  await db.schema.alterTable('s3_objects').addColumn('version_id', 'text', (c) => c.notNull().defaultTo('null')).execute();
  await db.schema.alterTable('s3_objects').addColumn('delete_marker', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable('s3_objects').addColumn('tags', 'text').execute();
  await db.schema.alterTable('s3_uploads').addColumn('tags', 'text').execute();
  await db.schema
    .createIndex('s3_objects_live')
    .on('s3_objects')
    .columns(['bucket', 'key'])
    .where(sql.ref('delete_marker'), '=', 0)
    .execute();
  await db.schema
    .createTable('s3_versions')
    .addColumn('bucket', keyType, (c) => c.notNull())
    .addColumn('key', keyType, (c) => c.notNull())
    .addColumn('seq', 'bigint', (c) => c.notNull())
    .addColumn('version_id', 'text', (c) => c.notNull())
    .addColumn('delete_marker', 'integer', (c) => c.notNull())
    .addColumn('last_modified', 'bigint', (c) => c.notNull())
    .addColumn('noncurrent_since', 'bigint', (c) => c.notNull())
    .addColumn('size', 'bigint', (c) => c.notNull())
    .addColumn('etag', 'text', (c) => c.notNull())
    .addColumn('owner_account', 'text', (c) => c.notNull())
    .addColumn('checksum_algorithm', 'text')
    .addColumn('blobs', 'text', (c) => c.notNull())
    .addColumn('row', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('s3_versions_pk', ['bucket', 'key', 'seq'])
    .execute();
  await db.schema.createIndex('s3_versions_by_id').on('s3_versions').columns(['bucket', 'key', 'version_id']).unique().execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('s3_versions').execute();
  await db.schema.dropIndex('s3_objects_live').execute();
  for (const [t, c] of [['s3_uploads', 'tags'], ['s3_objects', 'tags'], ['s3_objects', 'delete_marker'], ['s3_objects', 'version_id'], ['s3_buckets', 'tags'], ['s3_buckets', 'versioning']] as const) {
    await db.schema.alterTable(t).dropColumn(c).execute();
  }
}
