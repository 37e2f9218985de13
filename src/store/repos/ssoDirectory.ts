/**
 * IAM Identity Center's directory (services/sso): identity-store users and groups, group memberships,
 * permission sets and account assignments, each scoped to the administering account.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';
import type { SsoAssignmentsTable, SsoGroupMembersTable, SsoGroupsTable, SsoPermissionSetsTable, SsoUsersTable } from '../schema-sso.js';

type Db = Kysely<Database>;

export interface SsoDirectoryRepo {
  insertUser(row: SsoUsersTable): Promise<void>;
  getUser(accountId: string, id: string): Promise<SsoUsersTable | undefined>;
  /** By user name, case-insensitively (any account when `accountId` is undefined: the sign-in page). */
  userByName(accountId: string | undefined, userName: string): Promise<SsoUsersTable | undefined>;
  /** A page in user-name order (names after `after`), `limit` rows at most. */
  listUsers(accountId: string, opts: { after?: string | undefined; limit: number }): Promise<SsoUsersTable[]>;
  updateUser(id: string, patch: Partial<Pick<SsoUsersTable, 'password_cipher' | 'mfa_seed_cipher' | 'mfa_last_step' | 'display_name' | 'email'>>): Promise<void>;
  /** Accepts TOTP step `step` for the user only if it is later than the last accepted one (single use); false otherwise. */
  spendMfaStep(id: string, step: number): Promise<boolean>;

  insertGroup(row: SsoGroupsTable): Promise<void>;
  getGroup(accountId: string, id: string): Promise<SsoGroupsTable | undefined>;
  listGroups(accountId: string, opts: { after?: string | undefined; limit: number }): Promise<SsoGroupsTable[]>;
  insertMembership(row: SsoGroupMembersTable): Promise<void>;
  /** The ids of the groups the user belongs to. */
  groupIdsOfUser(userId: string): Promise<string[]>;

  insertPermissionSet(row: SsoPermissionSetsTable): Promise<void>;
  getPermissionSet(accountId: string, arn: string): Promise<SsoPermissionSetsTable | undefined>;
  listPermissionSets(accountId: string): Promise<SsoPermissionSetsTable[]>;
  updatePermissionSet(arn: string, patch: Partial<Pick<SsoPermissionSetsTable, 'managed_policies' | 'inline_policy' | 'description' | 'session_duration' | 'relay_state'>>): Promise<void>;

  /** False when the same assignment existed already. */
  insertAssignment(row: SsoAssignmentsTable): Promise<boolean>;
  /** False when there was no such assignment. */
  deleteAssignment(key: Omit<SsoAssignmentsTable, 'created_at' | 'account_id'>): Promise<boolean>;
  /** The assignments of a permission set in one account. */
  assignmentsOf(permissionSetArn: string, targetAccountId: string): Promise<SsoAssignmentsTable[]>;
  /** The assignments to any of these principals (a user and its groups). */
  assignmentsFor(principalIds: string[]): Promise<SsoAssignmentsTable[]>;
}

export const ssoDirectoryRepo = (db: Db): SsoDirectoryRepo => ({
  insertUser: async (row) => {
    await db.insertInto('sso_users').values(row).execute();
  },
  getUser: (accountId, id) => db.selectFrom('sso_users').selectAll().where('account_id', '=', accountId).where('id', '=', id).executeTakeFirst(),
  userByName: (accountId, userName) => {
    let q = db.selectFrom('sso_users').selectAll().where('user_name_lc', '=', userName.toLowerCase());
    if (accountId !== undefined) q = q.where('account_id', '=', accountId);
    return q.orderBy('account_id').executeTakeFirst();
  },
  listUsers: (accountId, { after, limit }) => {
    let q = db.selectFrom('sso_users').selectAll().where('account_id', '=', accountId);
    if (after !== undefined) q = q.where('user_name_lc', '>', after);
    return q.orderBy('user_name_lc').limit(limit).execute();
  },
  updateUser: async (id, patch) => {
    await db.updateTable('sso_users').set(patch).where('id', '=', id).execute();
  },
  spendMfaStep: async (id, step) => {
    const r = await db
      .updateTable('sso_users')
      .set({ mfa_last_step: step })
      .where('id', '=', id)
      .where((eb) => eb.or([eb('mfa_last_step', 'is', null), eb('mfa_last_step', '<', step)]))
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  },

  insertGroup: async (row) => {
    await db.insertInto('sso_groups').values(row).execute();
  },
  getGroup: (accountId, id) => db.selectFrom('sso_groups').selectAll().where('account_id', '=', accountId).where('id', '=', id).executeTakeFirst(),
  listGroups: (accountId, { after, limit }) => {
    let q = db.selectFrom('sso_groups').selectAll().where('account_id', '=', accountId);
    if (after !== undefined) q = q.where('display_name_lc', '>', after);
    return q.orderBy('display_name_lc').limit(limit).execute();
  },
  insertMembership: async (row) => {
    await db.insertInto('sso_group_members').values(row).execute();
  },
  groupIdsOfUser: async (userId) => (await db.selectFrom('sso_group_members').select('group_id').where('user_id', '=', userId).orderBy('group_id').execute()).map((r) => r.group_id),

  insertPermissionSet: async (row) => {
    await db.insertInto('sso_permission_sets').values(row).execute();
  },
  getPermissionSet: (accountId, arn) => db.selectFrom('sso_permission_sets').selectAll().where('account_id', '=', accountId).where('arn', '=', arn).executeTakeFirst(),
  listPermissionSets: (accountId) => db.selectFrom('sso_permission_sets').selectAll().where('account_id', '=', accountId).orderBy('created_at').orderBy('arn').execute(),
  updatePermissionSet: async (arn, patch) => {
    await db.updateTable('sso_permission_sets').set(patch).where('arn', '=', arn).execute();
  },

  insertAssignment: async (row) => {
    const r = await db
      .insertInto('sso_assignments')
      .values(row)
      .onConflict((oc) => oc.columns(['permission_set_arn', 'target_account_id', 'principal_type', 'principal_id']).doNothing())
      .executeTakeFirst();
    return Number(r.numInsertedOrUpdatedRows ?? 0n) === 1;
  },
  deleteAssignment: async (k) => {
    const r = await db
      .deleteFrom('sso_assignments')
      .where('permission_set_arn', '=', k.permission_set_arn)
      .where('target_account_id', '=', k.target_account_id)
      .where('principal_type', '=', k.principal_type)
      .where('principal_id', '=', k.principal_id)
      .executeTakeFirst();
    return Number(r.numDeletedRows) === 1;
  },
  assignmentsOf: (arn, target) =>
    db.selectFrom('sso_assignments').selectAll().where('permission_set_arn', '=', arn).where('target_account_id', '=', target).orderBy('principal_type').orderBy('principal_id').execute(),
  assignmentsFor: (ids) =>
    ids.length === 0
      ? Promise.resolve([])
      : db.selectFrom('sso_assignments').selectAll().where('principal_id', 'in', ids).orderBy('target_account_id').orderBy('permission_set_arn').execute(),
});
