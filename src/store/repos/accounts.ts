import type { Kysely } from 'kysely';
import type { AccountsTable, Database } from '../schema.js';

const getAccount = (db: Kysely<Database>, id: string): Promise<AccountsTable | undefined> =>
  db.selectFrom('accounts').selectAll().where('id', '=', id).executeTakeFirst();

const listAccounts = (db: Kysely<Database>): Promise<AccountsTable[]> =>
  db.selectFrom('accounts').selectAll().orderBy('created_at').execute();

/** Inserts the account; false when the id exists already (another process may have won a race). */
async function insertAccount(db: Kysely<Database>, row: AccountsTable): Promise<boolean> {
  const r = await db.insertInto('accounts').values(row).onConflict((oc) => oc.column('id').doNothing()).executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0) > 0;
}

export interface AccountsRepo {
  get(id: string): Promise<AccountsTable | undefined>;
  /** Every account, oldest first. */
  list(): Promise<AccountsTable[]>;
  /** Inserts the account; false when the id exists already (another process may have won a race). */
  insert(row: AccountsTable): Promise<boolean>;
}

export const accountsRepo = (db: Kysely<Database>): AccountsRepo => ({
  get: (id) => getAccount(db, id),
  list: () => listAccounts(db),
  insert: (row) => insertAccount(db, row),
});
