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

export interface AccessKeysRepo {
  /** The request path's one indexed read (primary key) for a long-term key. */
  get(accessKeyId: string): Promise<AccessKeysTable | undefined>;
  insert(row: AccessKeysTable): Promise<void>;
  /** The account's root keys, oldest first. */
  listRoot(accountId: string): Promise<AccessKeysTable[]>;
  /** Deletes every root key of the account except `keep`; returns the ids deleted. */
  deleteRootExcept(accountId: string, keep: string | undefined): Promise<string[]>;
}

export const accessKeysRepo = (db: Kysely<Database>): AccessKeysRepo => ({
  get: (id) => getAccessKey(db, id),
  insert: async (row) => {
    await insertAccessKey(db, row);
  },
  listRoot: (accountId) => listRootAccessKeys(db, accountId),
  deleteRootExcept: (accountId, keep) => deleteRootAccessKeysExcept(db, accountId, keep),
});
