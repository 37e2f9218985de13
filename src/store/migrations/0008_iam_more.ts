import type { Kysely } from 'kysely';

/**
 * The rest of IAM that users script (issue 13): instance profiles (at most one role each), server
 * certificates (the private key sealed with the key ring), the credentials of IAM users other than access
 * keys and passwords (SSH public keys, signing certificates, service-specific credentials: one table, by
 * kind), the deletion tasks of service-linked roles and the account's STS preferences.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('iam_instance_profiles')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('name_lc', 'text', (c) => c.notNull())
    .addColumn('path', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('role_id', 'text')
    .addColumn('tags', 'text', (c) => c.notNull())
    .addUniqueConstraint('iam_instance_profiles_name', ['account_id', 'name_lc'])
    .execute();
  await db.schema.createIndex('iam_instance_profiles_by_role').on('iam_instance_profiles').column('role_id').execute();

  await db.schema
    .createTable('iam_server_certificates')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('name_lc', 'text', (c) => c.notNull())
    .addColumn('path', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('chain', 'text')
    .addColumn('key_cipher', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('uploaded_at', 'bigint', (c) => c.notNull())
    .addColumn('tags', 'text', (c) => c.notNull())
    .addUniqueConstraint('iam_server_certificates_name', ['account_id', 'name_lc'])
    .execute();

  await db.schema
    .createTable('iam_user_credentials')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('body', 'text')
    .addColumn('fingerprint', 'text')
    .addColumn('service_name', 'text')
    .addColumn('service_user_name', 'text')
    .addColumn('secret_cipher', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint')
    .execute();
  await db.schema.createIndex('iam_user_credentials_by_user').on('iam_user_credentials').columns(['user_id', 'kind']).execute();
  await db.schema.createIndex('iam_user_credentials_by_account').on('iam_user_credentials').columns(['account_id', 'kind']).execute();

  await db.schema
    .createTable('iam_deletion_tasks')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('role_arn', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('iam_sts_preferences')
    .addColumn('account_id', 'text', (c) => c.primaryKey())
    .addColumn('global_endpoint_token_version', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ['iam_sts_preferences', 'iam_deletion_tasks', 'iam_user_credentials', 'iam_server_certificates', 'iam_instance_profiles'])
    await db.schema.dropTable(t).execute();
}
