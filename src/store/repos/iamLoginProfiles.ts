/** Console login profiles of IAM users (iam_login_profiles): one per user, the password hash sealed. */
import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';
import type { IamLoginProfilesTable } from '../schema-iam.js';

type Db = Kysely<Database>;

const getLoginProfile = (db: Db, userId: string): Promise<IamLoginProfilesTable | undefined> =>
  db.selectFrom('iam_login_profiles').selectAll().where('user_id', '=', userId).executeTakeFirst();

async function deleteLoginProfile(db: Db, userId: string): Promise<boolean> {
  const r = await db.deleteFrom('iam_login_profiles').where('user_id', '=', userId).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

const listByHashPrefix = (db: Db, prefix: string): Promise<{ user_id: string; password_hash: string }[]> =>
  db
    .selectFrom('iam_login_profiles')
    .select(['user_id', 'password_hash'])
    .where('password_hash', 'like', `${prefix}%`)
    .execute();

async function replaceHash(db: Db, userId: string, oldHash: string, newHash: string): Promise<boolean> {
  const r = await db
    .updateTable('iam_login_profiles')
    .set({ password_hash: newHash })
    .where('user_id', '=', userId)
    .where('password_hash', '=', oldHash)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

export interface LoginProfilesRepo {
  /** The user's login profile, by user id. */
  get(userId: string): Promise<IamLoginProfilesTable | undefined>;
  /** Inserts; throws the store's unique violation when the user has one already. */
  insert(row: IamLoginProfilesTable): Promise<void>;
  /** Sets the given fields of the user's profile (a no-op when there is none). */
  update(userId: string, patch: { password_hash?: string; reset_required?: number; password_changed_at?: number }): Promise<void>;
  /** False when the user had none. */
  delete(userId: string): Promise<boolean>;
  /** The profiles whose stored hash starts with `prefix` (a prefix with no LIKE wildcards in it). */
  listByHashPrefix(prefix: string): Promise<{ user_id: string; password_hash: string }[]>;
  /** Replaces the hash only if it is still `oldHash`: true when this call replaced it. */
  replaceHash(userId: string, oldHash: string, newHash: string): Promise<boolean>;
}

export const loginProfilesRepo = (db: Db): LoginProfilesRepo => ({
  get: (userId) => getLoginProfile(db, userId),
  insert: async (row) => {
    await db.insertInto('iam_login_profiles').values(row).execute();
  },
  update: async (userId, patch) => {
    await db.updateTable('iam_login_profiles').set(patch).where('user_id', '=', userId).execute();
  },
  delete: (userId) => deleteLoginProfile(db, userId),
  listByHashPrefix: (prefix) => listByHashPrefix(db, prefix),
  replaceHash: (userId, oldHash, newHash) => replaceHash(db, userId, oldHash, newHash),
});
