import type { Kysely } from 'kysely';

/** Federation: the redeemed-SAML-assertion table (replay protection shared by every process). */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('federation_replay')
    .addColumn('assertion_key', 'text', (c) => c.primaryKey())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('federation_replay_by_expiry').on('federation_replay').column('expires_at').execute();
}
