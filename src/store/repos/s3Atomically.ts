import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';

/**
 * Runs `work` in a transaction of its own, or, when `db` is already a transaction (the repository was
 * reached through store.transaction), as part of that one: Kysely does not nest transactions.
 */
export function atomically<T>(db: Kysely<Database>, work: (tx: Kysely<Database>) => Promise<T>): Promise<T> {
  return db.isTransaction ? work(db) : db.transaction().execute(work);
}
