import type { Kysely } from 'kysely';

/**
 * IAM Identity Center (services/sso): the identity store (users, groups, memberships), permission sets and
 * account assignments; the OIDC device flow's registered clients, device authorizations and tokens (hashes
 * of the secrets only).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('sso_users')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('user_name', 'text', (c) => c.notNull())
    .addColumn('user_name_lc', 'text', (c) => c.notNull())
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('email', 'text')
    .addColumn('password_cipher', 'text')
    .addColumn('mfa_seed_cipher', 'text')
    .addColumn('mfa_last_step', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('sso_users_by_name').unique().on('sso_users').columns(['account_id', 'user_name_lc']).execute();
  await db.schema
    .createTable('sso_groups')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('display_name_lc', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('sso_groups_by_name').unique().on('sso_groups').columns(['account_id', 'display_name_lc']).execute();
  await db.schema
    .createTable('sso_group_members')
    .addColumn('membership_id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('group_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('sso_group_members_unique').unique().on('sso_group_members').columns(['group_id', 'user_id']).execute();
  await db.schema.createIndex('sso_group_members_by_user').on('sso_group_members').column('user_id').execute();
  await db.schema
    .createTable('sso_permission_sets')
    .addColumn('arn', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('name_lc', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('session_duration', 'text', (c) => c.notNull())
    .addColumn('relay_state', 'text')
    .addColumn('managed_policies', 'text', (c) => c.notNull())
    .addColumn('inline_policy', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('sso_permission_sets_by_name').unique().on('sso_permission_sets').columns(['account_id', 'name_lc']).execute();
  await db.schema
    .createTable('sso_assignments')
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('permission_set_arn', 'text', (c) => c.notNull())
    .addColumn('target_account_id', 'text', (c) => c.notNull())
    .addColumn('principal_type', 'text', (c) => c.notNull())
    .addColumn('principal_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('sso_assignments_pk', ['permission_set_arn', 'target_account_id', 'principal_type', 'principal_id'])
    .execute();
  await db.schema.createIndex('sso_assignments_by_principal').on('sso_assignments').column('principal_id').execute();
  await db.schema
    .createTable('sso_clients')
    .addColumn('client_id', 'text', (c) => c.primaryKey())
    .addColumn('client_name', 'text', (c) => c.notNull())
    .addColumn('secret_hash', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('sso_clients_by_expiry').on('sso_clients').column('expires_at').execute();
  await db.schema
    .createTable('sso_device_auths')
    .addColumn('device_hash', 'text', (c) => c.primaryKey())
    .addColumn('user_code_hash', 'text', (c) => c.notNull())
    .addColumn('client_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('interval_seconds', 'integer', (c) => c.notNull())
    .addColumn('last_poll_at', 'bigint')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text')
    .addColumn('account_id', 'text')
    .execute();
  await db.schema.createIndex('sso_device_auths_by_user_code').unique().on('sso_device_auths').column('user_code_hash').execute();
  await db.schema.createIndex('sso_device_auths_by_expiry').on('sso_device_auths').column('expires_at').execute();
  await db.schema
    .createTable('sso_tokens')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('client_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('revoked_at', 'bigint')
    .execute();
  await db.schema.createIndex('sso_tokens_by_expiry').on('sso_tokens').column('expires_at').execute();
  await db.schema.createIndex('sso_tokens_by_user').on('sso_tokens').column('user_id').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ['sso_tokens', 'sso_device_auths', 'sso_clients', 'sso_assignments', 'sso_permission_sets', 'sso_group_members', 'sso_groups', 'sso_users'])
    await db.schema.dropTable(t).execute();
}
