import type { Kysely } from 'kysely';

/**
 * IAM tables. Unique constraints make concurrent creates of the same name give exactly one winner (the
 * others map the constraint violation to EntityAlreadyExists).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('iam_entities')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('name_lc', 'text', (c) => c.notNull())
    .addColumn('path', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('trust_policy', 'text')
    .addColumn('max_session_duration', 'integer')
    .addColumn('boundary_arn', 'text')
    .addColumn('tags', 'text', (c) => c.notNull())
    .addColumn('password_last_used', 'bigint')
    .addColumn('last_used_at', 'bigint')
    .addColumn('last_used_region', 'text')
    .addUniqueConstraint('iam_entities_name', ['account_id', 'kind', 'name_lc'])
    .execute();
  await db.schema.createIndex('iam_entities_by_boundary').on('iam_entities').columns(['account_id', 'boundary_arn']).execute();

  await db.schema
    .createTable('iam_group_members')
    .addColumn('group_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('iam_group_members_pk', ['group_id', 'user_id'])
    .execute();
  await db.schema.createIndex('iam_group_members_by_user').on('iam_group_members').column('user_id').execute();

  await db.schema
    .createTable('iam_inline_policies')
    .addColumn('entity_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('document', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('iam_inline_policies_pk', ['entity_id', 'name'])
    .execute();

  await db.schema
    .createTable('iam_attachments')
    .addColumn('entity_id', 'text', (c) => c.notNull())
    .addColumn('policy_arn', 'text', (c) => c.notNull())
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('iam_attachments_pk', ['entity_id', 'policy_arn'])
    .execute();
  await db.schema.createIndex('iam_attachments_by_policy').on('iam_attachments').columns(['account_id', 'policy_arn']).execute();

  await db.schema
    .createTable('iam_policies')
    .addColumn('arn', 'text', (c) => c.primaryKey())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('name_lc', 'text', (c) => c.notNull())
    .addColumn('path', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('default_version', 'text', (c) => c.notNull())
    .addColumn('next_version', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addColumn('tags', 'text', (c) => c.notNull())
    .addUniqueConstraint('iam_policies_name', ['account_id', 'name_lc'])
    .execute();

  await db.schema
    .createTable('iam_policy_versions')
    .addColumn('policy_arn', 'text', (c) => c.notNull())
    .addColumn('version_id', 'text', (c) => c.notNull())
    .addColumn('document', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('iam_policy_versions_pk', ['policy_arn', 'version_id'])
    .execute();

  await db.schema
    .createTable('iam_login_profiles')
    .addColumn('user_id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('reset_required', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('iam_password_policies')
    .addColumn('account_id', 'text', (c) => c.primaryKey())
    .addColumn('policy', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('iam_mfa_devices')
    .addColumn('serial', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('path', 'text', (c) => c.notNull())
    .addColumn('seed_cipher', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text')
    .addColumn('enable_date', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('last_step', 'bigint')
    .addColumn('tags', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('iam_mfa_devices_by_user').on('iam_mfa_devices').column('user_id').execute();
  await db.schema.createIndex('iam_mfa_devices_by_account').on('iam_mfa_devices').columns(['account_id', 'serial']).execute();

  await db.schema
    .createTable('iam_saml_providers')
    .addColumn('arn', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('metadata', 'text', (c) => c.notNull())
    .addColumn('uuid', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('valid_until', 'bigint', (c) => c.notNull())
    .addColumn('tags', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('iam_oidc_providers')
    .addColumn('arn', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('client_ids', 'text', (c) => c.notNull())
    .addColumn('thumbprints', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('tags', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('iam_account_aliases')
    .addColumn('account_id', 'text', (c) => c.primaryKey())
    .addColumn('alias', 'text', (c) => c.notNull().unique())
    .execute();
}
