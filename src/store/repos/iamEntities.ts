/** Users, groups and roles (one table) and group membership. */
import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';
import type { IamEntitiesTable } from '../schema-iam.js';

export type EntityKind = IamEntitiesTable['kind'];
type Db = Kysely<Database>;

const getEntity = (db: Db, accountId: string, kind: EntityKind, name: string): Promise<IamEntitiesTable | undefined> =>
  db
    .selectFrom('iam_entities')
    .selectAll()
    .where('account_id', '=', accountId)
    .where('kind', '=', kind)
    .where('name_lc', '=', name.toLowerCase())
    .executeTakeFirst();

const getEntityById = (db: Db, id: string): Promise<IamEntitiesTable | undefined> =>
  db.selectFrom('iam_entities').selectAll().where('id', '=', id).executeTakeFirst();

const insertEntity = (db: Db, row: IamEntitiesTable) => db.insertInto('iam_entities').values(row).execute();

async function updateEntity(db: Db, id: string, patch: Partial<IamEntitiesTable>): Promise<void> {
  await db.updateTable('iam_entities').set(patch).where('id', '=', id).execute();
}

async function deleteEntity(db: Db, id: string): Promise<boolean> {
  const r = await db.deleteFrom('iam_entities').where('id', '=', id).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

/** One page in name order (keyset: names after `after`), `limit + 1` rows so the caller knows if more follow. */
function listEntities(
  db: Db,
  accountId: string,
  kind: EntityKind,
  opts: { after?: string | undefined; limit: number; pathPrefix?: string | undefined },
): Promise<IamEntitiesTable[]> {
  let q = db.selectFrom('iam_entities').selectAll().where('account_id', '=', accountId).where('kind', '=', kind);
  if (opts.after !== undefined) q = q.where('name_lc', '>', opts.after);
  if (opts.pathPrefix && opts.pathPrefix !== '/') q = q.where('path', 'like', likePrefix(opts.pathPrefix));
  return q.orderBy('name_lc').limit(opts.limit + 1).execute();
}

/** Every user, group and role of the account, by kind then name. */
const listAllEntities = (db: Db, accountId: string): Promise<IamEntitiesTable[]> =>
  db.selectFrom('iam_entities').selectAll().where('account_id', '=', accountId).orderBy('kind').orderBy('name_lc').execute();

export const likePrefix = (prefix: string) => prefix.replace(/[\\%_]/g, (c) => '\\' + c) + '%';

const countEntities = async (db: Db, accountId: string, kind: EntityKind): Promise<number> => {
  const r = await db
    .selectFrom('iam_entities')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('account_id', '=', accountId)
    .where('kind', '=', kind)
    .executeTakeFirst();
  return Number(r?.n ?? 0);
};

const addMember = (db: Db, row: { group_id: string; user_id: string; account_id: string; created_at: number }) =>
  db.insertInto('iam_group_members').values(row).onConflict((oc) => oc.columns(['group_id', 'user_id']).doNothing()).execute();

async function removeMember(db: Db, groupId: string, userId: string): Promise<boolean> {
  const r = await db.deleteFrom('iam_group_members').where('group_id', '=', groupId).where('user_id', '=', userId).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

/** The groups a user belongs to, in name order. */
const groupsOfUser = (db: Db, userId: string): Promise<IamEntitiesTable[]> =>
  db
    .selectFrom('iam_group_members as m')
    .innerJoin('iam_entities as e', 'e.id', 'm.group_id')
    .selectAll('e')
    .where('m.user_id', '=', userId)
    .orderBy('e.name_lc')
    .execute();

const usersOfGroup = (db: Db, groupId: string): Promise<IamEntitiesTable[]> =>
  db
    .selectFrom('iam_group_members as m')
    .innerJoin('iam_entities as e', 'e.id', 'm.user_id')
    .selectAll('e')
    .where('m.group_id', '=', groupId)
    .orderBy('e.name_lc')
    .execute();

const exists = async (q: { executeTakeFirst(): Promise<unknown> }): Promise<boolean> => (await q.executeTakeFirst()) !== undefined;

/** Users, groups and roles (one table, by kind), and group membership. */
export interface EntitiesRepo {
  /** By account, kind and name (case-insensitive, as IAM's names are unique). */
  get(accountId: string, kind: EntityKind, name: string): Promise<IamEntitiesTable | undefined>;
  /** By unique id (AIDA..., AGPA..., AROA...). */
  getById(id: string): Promise<IamEntitiesTable | undefined>;
  insert(row: IamEntitiesTable): Promise<void>;
  update(id: string, patch: Partial<IamEntitiesTable>): Promise<void>;
  /** False when there was no such entity. */
  delete(id: string): Promise<boolean>;
  /** One page in name order (keyset: names after `after`), `limit + 1` rows so the caller knows if more follow. */
  list(accountId: string, kind: EntityKind, opts: { after?: string | undefined; limit: number; pathPrefix?: string | undefined }): Promise<IamEntitiesTable[]>;
  count(accountId: string, kind: EntityKind): Promise<number>;
  /** Every user, group and role of the account, by kind (group, role, user) then name. */
  listAll(accountId: string): Promise<IamEntitiesTable[]>;
  addMember(row: { group_id: string; user_id: string; account_id: string; created_at: number }): Promise<void>;
  /** False when the user was not a member. */
  removeMember(groupId: string, userId: string): Promise<boolean>;
  /** The groups a user belongs to, in name order. */
  groupsOfUser(userId: string): Promise<IamEntitiesTable[]>;
  /** The members of a group, in name order. */
  usersOfGroup(groupId: string): Promise<IamEntitiesTable[]>;
  /** Whether the group has any member. */
  hasMembers(groupId: string): Promise<boolean>;
  /** Whether the user belongs to any group. */
  hasGroups(userId: string): Promise<boolean>;
  /** Whether the entity has any inline policy. */
  hasInlinePolicies(entityId: string): Promise<boolean>;
  /** Whether any managed policy is attached to the entity. */
  hasAttachedPolicies(entityId: string): Promise<boolean>;
}

export const entitiesRepo = (db: Db): EntitiesRepo => ({
  get: (accountId, kind, name) => getEntity(db, accountId, kind, name),
  getById: (id) => getEntityById(db, id),
  insert: async (row) => {
    await insertEntity(db, row);
  },
  update: (id, patch) => updateEntity(db, id, patch),
  delete: (id) => deleteEntity(db, id),
  list: (accountId, kind, opts) => listEntities(db, accountId, kind, opts),
  count: (accountId, kind) => countEntities(db, accountId, kind),
  listAll: (accountId) => listAllEntities(db, accountId),
  addMember: async (row) => {
    await addMember(db, row);
  },
  removeMember: (groupId, userId) => removeMember(db, groupId, userId),
  groupsOfUser: (userId) => groupsOfUser(db, userId),
  usersOfGroup: (groupId) => usersOfGroup(db, groupId),
  hasMembers: (groupId) => exists(db.selectFrom('iam_group_members').select('user_id').where('group_id', '=', groupId)),
  hasGroups: (userId) => exists(db.selectFrom('iam_group_members').select('group_id').where('user_id', '=', userId)),
  hasInlinePolicies: (entityId) => exists(db.selectFrom('iam_inline_policies').select('name').where('entity_id', '=', entityId)),
  hasAttachedPolicies: (entityId) => exists(db.selectFrom('iam_attachments').select('policy_arn').where('entity_id', '=', entityId)),
});
