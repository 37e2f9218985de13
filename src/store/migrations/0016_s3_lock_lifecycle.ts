import type { Kysely } from 'kysely';

/**
 * S3 Object Lock and lifecycle. Buckets get their Object Lock configuration and lifecycle rules (JSON);
 * object versions (and the uploads that become them) their lock: mode, retain-until date, legal hold
 * (JSON, null: none). Noncurrent versions keep it inside their `row`. `s3_leases` names the one server
 * that runs a background job (the lifecycle sweep) while its lease lasts.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('s3_buckets').addColumn('object_lock', 'text').execute();
  await db.schema.alterTable('s3_buckets').addColumn('lifecycle', 'text').execute();
  await db.schema.alterTable('s3_objects').addColumn('object_lock', 'text').execute();
  await db.schema.alterTable('s3_uploads').addColumn('object_lock', 'text').execute();
  await db.schema
    .createTable('s3_leases')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('holder', 'text', (c) => c.notNull())
    .addColumn('expires', 'bigint', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('s3_leases').execute();
  for (const [t, c] of [['s3_uploads', 'object_lock'], ['s3_objects', 'object_lock'], ['s3_buckets', 'lifecycle'], ['s3_buckets', 'object_lock']] as const) {
    await db.schema.alterTable(t).dropColumn(c).execute();
  }
}
