/** Instance profiles (IAM's CreateInstanceProfile ...): a named container of at most one role. */
import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';
import type { IamInstanceProfilesTable } from '../schema-iam-more.js';
import { likePrefix } from './iamEntities.js';

type Db = Kysely<Database>;

const get = (db: Db, accountId: string, name: string): Promise<IamInstanceProfilesTable | undefined> =>
  db.selectFrom('iam_instance_profiles').selectAll().where('account_id', '=', accountId).where('name_lc', '=', name.toLowerCase()).executeTakeFirst();

function list(db: Db, accountId: string, opts: { after?: string | undefined; limit: number; pathPrefix?: string | undefined }): Promise<IamInstanceProfilesTable[]> {
  let q = db.selectFrom('iam_instance_profiles').selectAll().where('account_id', '=', accountId);
  if (opts.after !== undefined) q = q.where('name_lc', '>', opts.after);
  if (opts.pathPrefix && opts.pathPrefix !== '/') q = q.where('path', 'like', likePrefix(opts.pathPrefix));
  return q.orderBy('name_lc').limit(opts.limit + 1).execute();
}

const ofRole = (db: Db, roleId: string): Promise<IamInstanceProfilesTable[]> =>
  db.selectFrom('iam_instance_profiles').selectAll().where('role_id', '=', roleId).orderBy('name_lc').execute();

async function setRole(db: Db, id: string, roleId: string | null, expected: string | null): Promise<boolean> {
  let q = db.updateTable('iam_instance_profiles').set({ role_id: roleId }).where('id', '=', id);
  q = expected === null ? q.where('role_id', 'is', null) : q.where('role_id', '=', expected);
  const r = await q.executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

async function setTags(db: Db, id: string, tags: string): Promise<void> {
  await db.updateTable('iam_instance_profiles').set({ tags }).where('id', '=', id).execute();
}

async function count(db: Db, accountId: string): Promise<number> {
  const r = await db.selectFrom('iam_instance_profiles').select((eb) => eb.fn.countAll<number>().as('n')).where('account_id', '=', accountId).executeTakeFirst();
  return Number(r?.n ?? 0);
}

async function remove(db: Db, id: string): Promise<boolean> {
  const r = await db.deleteFrom('iam_instance_profiles').where('id', '=', id).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

export interface InstanceProfilesRepo {
  /** The account's instance profile of that name (case-insensitive). */
  get(accountId: string, name: string): Promise<IamInstanceProfilesTable | undefined>;
  /** Inserts; throws the store's unique violation when the name is taken in the account. */
  insert(row: IamInstanceProfilesTable): Promise<void>;
  /** One page in name order (names after `after`, under `pathPrefix`), `limit + 1` rows. */
  list(accountId: string, opts: { after?: string | undefined; limit: number; pathPrefix?: string | undefined }): Promise<IamInstanceProfilesTable[]>;
  /** The profiles holding the role, in name order. */
  ofRole(roleId: string): Promise<IamInstanceProfilesTable[]>;
  /** Sets the profile's role when it currently is `expected` (null: empty); false otherwise (a concurrent change). */
  setRole(id: string, roleId: string | null, expected: string | null): Promise<boolean>;
  /** Replaces the tags (JSON). */
  setTags(id: string, tags: string): Promise<void>;
  /** How many instance profiles the account has. */
  count(accountId: string): Promise<number>;
  /** False when there was no such profile. */
  delete(id: string): Promise<boolean>;
}

export const instanceProfilesRepo = (db: Db): InstanceProfilesRepo => ({
  get: (accountId, name) => get(db, accountId, name),
  insert: async (row) => {
    await db.insertInto('iam_instance_profiles').values(row).execute();
  },
  list: (accountId, opts) => list(db, accountId, opts),
  ofRole: (roleId) => ofRole(db, roleId),
  setRole: (id, roleId, expected) => setRole(db, id, roleId, expected),
  setTags: (id, tags) => setTags(db, id, tags),
  count: (accountId) => count(db, accountId),
  delete: (id) => remove(db, id),
});
