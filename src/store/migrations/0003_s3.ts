import { PostgresAdapter, sql, type Kysely } from 'kysely';

/**
 * S3: buckets, objects keyed (bucket, key) so that a listing is an indexed range scan, multipart uploads
 * and their parts. Object keys must compare as bytes (S3 lists in UTF-8 binary order): SQLite's default
 * BINARY collation does; on PostgreSQL the key columns are collate "C".
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  const keyType = pg ? sql`text collate "C"` : sql`text`;
  await db.schema
    .createTable('s3_buckets')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id'))
    .addColumn('region', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('policy', 'text')
    .execute();
  await db.schema.createIndex('s3_buckets_by_account').on('s3_buckets').columns(['account_id', 'name']).execute();
  await db.schema
    .createTable('s3_objects')
    .addColumn('bucket', keyType, (c) => c.notNull())
    .addColumn('key', keyType, (c) => c.notNull())
    .addColumn('blobs', 'text', (c) => c.notNull())
    .addColumn('size', 'bigint', (c) => c.notNull())
    .addColumn('etag', 'text', (c) => c.notNull())
    .addColumn('last_modified', 'bigint', (c) => c.notNull())
    .addColumn('content_type', 'text', (c) => c.notNull())
    .addColumn('headers', 'text', (c) => c.notNull())
    .addColumn('checksum_algorithm', 'text')
    .addColumn('checksum_value', 'text')
    .addColumn('parts_count', 'integer')
    .addColumn('owner_account', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('s3_objects_pk', ['bucket', 'key'])
    .execute();
  await db.schema
    .createTable('s3_uploads')
    .addColumn('upload_id', 'text', (c) => c.primaryKey())
    .addColumn('bucket', keyType, (c) => c.notNull())
    .addColumn('key', keyType, (c) => c.notNull())
    .addColumn('initiated', 'bigint', (c) => c.notNull())
    .addColumn('content_type', 'text', (c) => c.notNull())
    .addColumn('headers', 'text', (c) => c.notNull())
    .addColumn('checksum_algorithm', 'text')
    .addColumn('owner_account', 'text', (c) => c.notNull())
    .addColumn('initiator_arn', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('s3_uploads_by_key').on('s3_uploads').columns(['bucket', 'key', 'upload_id']).execute();
  await db.schema
    .createTable('s3_parts')
    .addColumn('upload_id', 'text', (c) => c.notNull())
    .addColumn('part_number', 'integer', (c) => c.notNull())
    .addColumn('blob_id', 'text', (c) => c.notNull())
    .addColumn('size', 'bigint', (c) => c.notNull())
    .addColumn('etag', 'text', (c) => c.notNull())
    .addColumn('last_modified', 'bigint', (c) => c.notNull())
    .addColumn('checksum_value', 'text')
    .addPrimaryKeyConstraint('s3_parts_pk', ['upload_id', 'part_number'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ['s3_parts', 's3_uploads', 's3_objects', 's3_buckets']) await db.schema.dropTable(t).execute();
}
