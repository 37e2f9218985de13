import type { Kysely } from 'kysely';

/** iam tables. */
export async function up(db: Kysely<unknown>): Promise<void> {
  void db;
}
