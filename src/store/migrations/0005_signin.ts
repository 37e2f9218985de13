import type { Kysely } from 'kysely';

/** The sign-in endpoint: redeemed SigninTokens (primary key = single use) and console sessions. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('signin_used_tokens')
    .addColumn('token_id', 'text', (c) => c.primaryKey())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('signin_used_tokens_by_expiry').on('signin_used_tokens').column('expires_at').execute();
  await db.schema
    .createTable('signin_console_sessions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('principal_arn', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('ended_at', 'bigint')
    .addColumn('issuer', 'text')
    .addColumn('token_cipher', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('signin_console_sessions_by_expiry').on('signin_console_sessions').column('expires_at').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ['signin_console_sessions', 'signin_used_tokens']) await db.schema.dropTable(t).execute();
}
