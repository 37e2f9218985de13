import type { Kysely } from 'kysely';

/**
 * Trails' delivery: audit_trails.delivery (JSON: the log file being written, so a restart rewrites the same
 * key instead of delivering its records twice; the digest chain and the log files since the last digest), and
 * audit_signing_keys, the key pairs digest files are signed with (one in use per region at a time; the private
 * key sealed by the key ring).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('audit_trails').addColumn('delivery', 'text').execute();
  await db.schema
    .createTable('audit_signing_keys')
    .addColumn('region', 'text', (c) => c.notNull())
    .addColumn('fingerprint', 'text', (c) => c.notNull())
    .addColumn('public_key', 'text', (c) => c.notNull())
    .addColumn('private_key', 'text', (c) => c.notNull())
    .addColumn('valid_from', 'bigint', (c) => c.notNull())
    .addColumn('valid_to', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('audit_signing_keys_pk', ['region', 'fingerprint'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('audit_signing_keys').execute();
  await db.schema.alterTable('audit_trails').dropColumn('delivery').execute();
}
