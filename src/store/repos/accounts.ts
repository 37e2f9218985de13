import type { Kysely } from 'kysely';
import type { AccountsTable, Database } from '../schema.js';

export const getAccount = (db: Kysely<Database>, id: string): Promise<AccountsTable | undefined> =>
  db.selectFrom('accounts').selectAll().where('id', '=', id).executeTakeFirst();

export const listAccounts = (db: Kysely<Database>): Promise<AccountsTable[]> =>
  db.selectFrom('accounts').selectAll().orderBy('created_at').execute();

/** Inserts the account; false when the id exists already (another process may have won a race). */
export async function insertAccount(db: Kysely<Database>, row: AccountsTable): Promise<boolean> {
  const r = await db.insertInto('accounts').values(row).onConflict((oc) => oc.column('id').doNothing()).executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0) > 0;
}
