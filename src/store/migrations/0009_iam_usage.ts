import type { Kysely } from 'kysely';

/**
 * IAM usage: the last access of each principal (user or role, by unique id) to each service and tracked
 * action (the access advisor; `action` is '' for the service-level row), and the account's reports (the
 * credential report, the access advisor's jobs) as generated; when a login profile's password was last set.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('iam_service_access')
    .addColumn('entity_id', 'text', (c) => c.notNull())
    .addColumn('service', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('last_at', 'bigint', (c) => c.notNull())
    .addColumn('region', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('iam_service_access_pk', ['entity_id', 'service', 'action'])
    .execute();
  await db.schema
    .createTable('iam_reports')
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('iam_reports_pk', ['account_id', 'id'])
    .execute();
  await db.schema.createIndex('iam_reports_by_age').on('iam_reports').column('created_at').execute();
  // When the console password was last set (the credential report's password_last_changed); null: at creation.
  await db.schema.alterTable('iam_login_profiles').addColumn('password_changed_at', 'bigint').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('iam_login_profiles').dropColumn('password_changed_at').execute();
  for (const t of ['iam_reports', 'iam_service_access']) await db.schema.dropTable(t).execute();
}
