import type { Kysely } from 'kysely';
import type { AccessKeysTable, Database } from '../schema.js';

export const accessKeyTopic = (accessKeyId: string) => `access-key:${accessKeyId}`;

/** The request path's one indexed read (primary key) for a long-term key. */
const getAccessKey = (db: Kysely<Database>, accessKeyId: string): Promise<AccessKeysTable | undefined> =>
  db.selectFrom('access_keys').selectAll().where('access_key_id', '=', accessKeyId).executeTakeFirst();

const insertAccessKey = (db: Kysely<Database>, row: AccessKeysTable) =>
  db.insertInto('access_keys').values(row).execute();

const listRootAccessKeys = (db: Kysely<Database>, accountId: string) =>
  db
    .selectFrom('access_keys')
    .selectAll()
    .where('account_id', '=', accountId)
    .where('principal_type', '=', 'root')
    .orderBy('created_at')
    .execute();

/** Deletes every root key of the account except `keep`; returns the ids deleted. */
async function deleteRootAccessKeysExcept(db: Kysely<Database>, accountId: string, keep: string | undefined): Promise<string[]> {
  const rows = await listRootAccessKeys(db, accountId);
  const gone = rows.map((r) => r.access_key_id).filter((id) => id !== keep);
  if (gone.length > 0) await db.deleteFrom('access_keys').where('access_key_id', 'in', gone).execute();
  return gone;
}

/** The keys of one owner: an IAM user's (userId), else the account root's; oldest first, then by id. */
function listOwnedAccessKeys(db: Kysely<Database>, accountId: string, userId: string | null): Promise<AccessKeysTable[]> {
  let q = db.selectFrom('access_keys').selectAll().where('account_id', '=', accountId);
  q = userId ? q.where('user_id', '=', userId) : q.where('principal_type', '=', 'root');
  return q.orderBy('created_at').orderBy('access_key_id').execute();
}

const hasUserAccessKeys = async (db: Kysely<Database>, userId: string): Promise<boolean> =>
  (await db.selectFrom('access_keys').select('access_key_id').where('user_id', '=', userId).executeTakeFirst()) !== undefined;

export interface AccessKeysRepo {
  /** The request path's one indexed read (primary key) for a long-term key. */
  get(accessKeyId: string): Promise<AccessKeysTable | undefined>;
  insert(row: AccessKeysTable): Promise<void>;
  /** The account's root keys, oldest first. */
  listRoot(accountId: string): Promise<AccessKeysTable[]>;
  /** Deletes every root key of the account except `keep`; returns the ids deleted. */
  deleteRootExcept(accountId: string, keep: string | undefined): Promise<string[]>;
  /** The keys of an IAM user (userId) or, with null, of the account root; oldest first, then by id. */
  listOwned(accountId: string, userId: string | null): Promise<AccessKeysTable[]>;
  /** Whether the IAM user has any key. */
  hasUserKeys(userId: string): Promise<boolean>;
  delete(accessKeyId: string): Promise<void>;
  setStatus(accessKeyId: string, status: AccessKeysTable['status']): Promise<void>;
  /** Renames the owner on every key of the IAM user (after UpdateUser renamed it). */
  setUserName(userId: string, userName: string): Promise<void>;
}

export const accessKeysRepo = (db: Kysely<Database>): AccessKeysRepo => ({
  get: (id) => getAccessKey(db, id),
  insert: async (row) => {
    await insertAccessKey(db, row);
  },
  listRoot: (accountId) => listRootAccessKeys(db, accountId),
  deleteRootExcept: (accountId, keep) => deleteRootAccessKeysExcept(db, accountId, keep),
  listOwned: (accountId, userId) => listOwnedAccessKeys(db, accountId, userId),
  hasUserKeys: (userId) => hasUserAccessKeys(db, userId),
  delete: async (accessKeyId) => {
    await db.deleteFrom('access_keys').where('access_key_id', '=', accessKeyId).execute();
  },
  setStatus: async (accessKeyId, status) => {
    await db.updateTable('access_keys').set({ status }).where('access_key_id', '=', accessKeyId).execute();
  },
  setUserName: async (userId, userName) => {
    await db.updateTable('access_keys').set({ user_name: userName }).where('user_id', '=', userId).execute();
  },
});
