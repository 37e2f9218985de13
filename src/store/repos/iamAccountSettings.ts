/** Account-wide IAM settings: the account alias (iam_account_aliases) and the password policy (iam_password_policies). */
import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';

type Db = Kysely<Database>;

async function deleteAlias(db: Db, accountId: string, alias: string): Promise<boolean> {
  const r = await db.deleteFrom('iam_account_aliases').where('account_id', '=', accountId).where('alias', '=', alias).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

async function listAliases(db: Db, accountId: string): Promise<string[]> {
  const rows = await db.selectFrom('iam_account_aliases').select('alias').where('account_id', '=', accountId).execute();
  return rows.map((r) => r.alias);
}

async function getPasswordPolicy(db: Db, accountId: string): Promise<string | undefined> {
  const r = await db.selectFrom('iam_password_policies').select('policy').where('account_id', '=', accountId).executeTakeFirst();
  return r?.policy;
}

async function deletePasswordPolicy(db: Db, accountId: string): Promise<boolean> {
  const r = await db.deleteFrom('iam_password_policies').where('account_id', '=', accountId).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

export interface AccountSettingsRepo {
  /** Sets the account's one alias (replacing any); throws the store's unique violation when another account has it. */
  setAlias(accountId: string, alias: string): Promise<void>;
  /** False when the account has no such alias. */
  deleteAlias(accountId: string, alias: string): Promise<boolean>;
  /** The account's aliases (at most one). */
  listAliases(accountId: string): Promise<string[]>;
  /** The password policy as stored (JSON text), or undefined when the account has none. */
  getPasswordPolicy(accountId: string): Promise<string | undefined>;
  /** Creates or replaces the account's password policy (JSON text). */
  putPasswordPolicy(accountId: string, policy: string): Promise<void>;
  /** False when the account had none. */
  deletePasswordPolicy(accountId: string): Promise<boolean>;
}

export const accountSettingsRepo = (db: Db): AccountSettingsRepo => ({
  setAlias: async (accountId, alias) => {
    await db
      .insertInto('iam_account_aliases')
      .values({ account_id: accountId, alias })
      .onConflict((oc) => oc.column('account_id').doUpdateSet({ alias }))
      .execute();
  },
  deleteAlias: (accountId, alias) => deleteAlias(db, accountId, alias),
  listAliases: (accountId) => listAliases(db, accountId),
  getPasswordPolicy: (accountId) => getPasswordPolicy(db, accountId),
  putPasswordPolicy: async (accountId, policy) => {
    await db
      .insertInto('iam_password_policies')
      .values({ account_id: accountId, policy })
      .onConflict((oc) => oc.column('account_id').doUpdateSet({ policy }))
      .execute();
  },
  deletePasswordPolicy: (accountId) => deletePasswordPolicy(db, accountId),
});
