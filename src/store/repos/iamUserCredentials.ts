/** IAM users' SSH public keys, signing certificates and service-specific credentials (one table, by kind). */
import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';
import type { IamUserCredentialsTable } from '../schema-iam-more.js';

type Db = Kysely<Database>;
type Kind = IamUserCredentialsTable['kind'];

const get = (db: Db, accountId: string, kind: Kind, id: string): Promise<IamUserCredentialsTable | undefined> =>
  db.selectFrom('iam_user_credentials').selectAll().where('account_id', '=', accountId).where('kind', '=', kind).where('id', '=', id).executeTakeFirst();

const ofUser = (db: Db, userId: string, kind: Kind): Promise<IamUserCredentialsTable[]> =>
  db.selectFrom('iam_user_credentials').selectAll().where('user_id', '=', userId).where('kind', '=', kind).orderBy('created_at').orderBy('id').execute();

const ofAccount = (db: Db, accountId: string, kind: Kind): Promise<IamUserCredentialsTable[]> =>
  db.selectFrom('iam_user_credentials').selectAll().where('account_id', '=', accountId).where('kind', '=', kind).orderBy('created_at').orderBy('id').execute();

async function update(db: Db, id: string, patch: Partial<Pick<IamUserCredentialsTable, 'status' | 'secret_cipher'>>): Promise<void> {
  await db.updateTable('iam_user_credentials').set(patch).where('id', '=', id).execute();
}

async function remove(db: Db, id: string): Promise<boolean> {
  const r = await db.deleteFrom('iam_user_credentials').where('id', '=', id).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

async function hasAny(db: Db, userId: string, kind: Kind): Promise<boolean> {
  const r = await db.selectFrom('iam_user_credentials').select('id').where('user_id', '=', userId).where('kind', '=', kind).limit(1).executeTakeFirst();
  return r !== undefined;
}

export interface UserCredentialsRepo {
  /** The account's credential of that kind and id. */
  get(accountId: string, kind: Kind, id: string): Promise<IamUserCredentialsTable | undefined>;
  insert(row: IamUserCredentialsTable): Promise<void>;
  /** The user's credentials of a kind, oldest first. */
  ofUser(userId: string, kind: Kind): Promise<IamUserCredentialsTable[]>;
  /** Every credential of a kind in the account, oldest first. */
  ofAccount(accountId: string, kind: Kind): Promise<IamUserCredentialsTable[]>;
  /** Sets the status and/or the sealed secret. */
  update(id: string, patch: Partial<Pick<IamUserCredentialsTable, 'status' | 'secret_cipher'>>): Promise<void>;
  /** False when there was no such credential. */
  delete(id: string): Promise<boolean>;
  /** Whether the user has any credential of the kind. */
  hasAny(userId: string, kind: Kind): Promise<boolean>;
}

export const userCredentialsRepo = (db: Db): UserCredentialsRepo => ({
  get: (accountId, kind, id) => get(db, accountId, kind, id),
  insert: async (row) => {
    await db.insertInto('iam_user_credentials').values(row).execute();
  },
  ofUser: (userId, kind) => ofUser(db, userId, kind),
  ofAccount: (accountId, kind) => ofAccount(db, accountId, kind),
  update: (id, patch) => update(db, id, patch),
  delete: (id) => remove(db, id),
  hasAny: (userId, kind) => hasAny(db, userId, kind),
});
