/** Server certificates (IAM's UploadServerCertificate ...): the private key is stored sealed. */
import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';
import type { IamServerCertificatesTable } from '../schema-iam-more.js';
import { likePrefix } from './iamEntities.js';

type Db = Kysely<Database>;
type Patch = Partial<Pick<IamServerCertificatesTable, 'name' | 'name_lc' | 'path' | 'tags'>>;

const get = (db: Db, accountId: string, name: string): Promise<IamServerCertificatesTable | undefined> =>
  db.selectFrom('iam_server_certificates').selectAll().where('account_id', '=', accountId).where('name_lc', '=', name.toLowerCase()).executeTakeFirst();

function list(db: Db, accountId: string, pathPrefix: string | undefined): Promise<IamServerCertificatesTable[]> {
  let q = db.selectFrom('iam_server_certificates').selectAll().where('account_id', '=', accountId);
  if (pathPrefix && pathPrefix !== '/') q = q.where('path', 'like', likePrefix(pathPrefix));
  return q.orderBy('name_lc').execute();
}

async function update(db: Db, id: string, patch: Patch): Promise<void> {
  await db.updateTable('iam_server_certificates').set(patch).where('id', '=', id).execute();
}

async function remove(db: Db, id: string): Promise<boolean> {
  const r = await db.deleteFrom('iam_server_certificates').where('id', '=', id).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

export interface ServerCertificatesRepo {
  /** The account's certificate of that name (case-insensitive). */
  get(accountId: string, name: string): Promise<IamServerCertificatesTable | undefined>;
  /** Inserts; throws the store's unique violation when the name is taken in the account. */
  insert(row: IamServerCertificatesTable): Promise<void>;
  /** The account's certificates under `pathPrefix`, in name order. */
  list(accountId: string, pathPrefix?: string): Promise<IamServerCertificatesTable[]>;
  /** Renames, moves or retags; throws the store's unique violation when the new name is taken. */
  update(id: string, patch: Patch): Promise<void>;
  /** False when there was no such certificate. */
  delete(id: string): Promise<boolean>;
}

export const serverCertificatesRepo = (db: Db): ServerCertificatesRepo => ({
  get: (accountId, name) => get(db, accountId, name),
  insert: async (row) => {
    await db.insertInto('iam_server_certificates').values(row).execute();
  },
  list: (accountId, pathPrefix) => list(db, accountId, pathPrefix),
  update: (id, patch) => update(db, id, patch),
  delete: (id) => remove(db, id),
});
