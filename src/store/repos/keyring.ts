/** The key ring's wrapped data keys (auth/keyring.ts seals and opens them; this file only stores them). */
import type { Kysely } from 'kysely';
import type { Database, KeyringTable } from '../schema.js';

export interface KeyringRepo {
  /** Every wrapped data key, oldest first (by creation time, then id): the last one is the current key. */
  listOldestFirst(): Promise<KeyringTable[]>;
  /** Stores a new wrapped data key. */
  insert(row: KeyringTable): Promise<void>;
}

export const keyringRepo = (db: Kysely<Database>): KeyringRepo => ({
  listOldestFirst: () => db.selectFrom('keyring').selectAll().orderBy('created_at').orderBy('id').execute(),
  insert: async (row) => {
    await db.insertInto('keyring').values(row).execute();
  },
});
