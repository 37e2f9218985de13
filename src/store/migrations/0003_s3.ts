import type { Kysely } from 'kysely';

/** s3 tables. */
export async function up(db: Kysely<unknown>): Promise<void> {
  void db;
}
