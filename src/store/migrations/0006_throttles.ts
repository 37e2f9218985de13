import type { Kysely } from 'kysely';

/**
 * The authentication throttle (auth/throttle.ts): one row per throttled key (a console user, an account's
 * root sign-in, an MFA device), shared by every server on the database. Rows go when they are old enough to
 * be forgotten (by age, never by count).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('auth_throttles')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('failures', 'integer', (c) => c.notNull())
    .addColumn('last_failure_at', 'bigint', (c) => c.notNull())
    .addColumn('attempt', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('auth_throttles_by_age').on('auth_throttles').column('last_failure_at').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('auth_throttles').execute();
}
