import type { Kysely } from 'kysely';
import type { AccessKeysTable, Database } from '../schema.js';

export const accessKeyTopic = (accessKeyId: string) => `access-key:${accessKeyId}`;

/** The request path's one indexed read (primary key) for a long-term key. */
export const getAccessKey = (db: Kysely<Database>, accessKeyId: string): Promise<AccessKeysTable | undefined> =>
  db.selectFrom('access_keys').selectAll().where('access_key_id', '=', accessKeyId).executeTakeFirst();

export const insertAccessKey = (db: Kysely<Database>, row: AccessKeysTable) =>
  db.insertInto('access_keys').values(row).execute();

export const listRootAccessKeys = (db: Kysely<Database>, accountId: string) =>
  db
    .selectFrom('access_keys')
    .selectAll()
    .where('account_id', '=', accountId)
    .where('principal_type', '=', 'root')
    .orderBy('created_at')
    .execute();

/** Deletes every root key of the account except `keep`; returns the ids deleted. */
export async function deleteRootAccessKeysExcept(db: Kysely<Database>, accountId: string, keep: string | undefined): Promise<string[]> {
  const rows = await listRootAccessKeys(db, accountId);
  const gone = rows.map((r) => r.access_key_id).filter((id) => id !== keep);
  if (gone.length > 0) await db.deleteFrom('access_keys').where('access_key_id', 'in', gone).execute();
  return gone;
}
