/** Customer managed policies and their versions, attachments, inline policies. */
import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';
import type { IamAttachmentsTable, IamEntitiesTable, IamInlinePoliciesTable, IamPoliciesTable, IamPolicyVersionsTable } from '../schema-iam.js';
import type { EntityKind } from './iamEntities.js';

type Db = Kysely<Database>;

const getPolicyRow = (db: Db, arn: string): Promise<IamPoliciesTable | undefined> =>
  db.selectFrom('iam_policies').selectAll().where('arn', '=', arn).executeTakeFirst();

const getPolicyVersion = (db: Db, arn: string, versionId: string): Promise<IamPolicyVersionsTable | undefined> =>
  db.selectFrom('iam_policy_versions').selectAll().where('policy_arn', '=', arn).where('version_id', '=', versionId).executeTakeFirst();

const listPolicyVersions = (db: Db, arn: string): Promise<IamPolicyVersionsTable[]> =>
  db.selectFrom('iam_policy_versions').selectAll().where('policy_arn', '=', arn).orderBy('created_at', 'desc').orderBy('version_id', 'desc').execute();

const listPolicyRows = (db: Db, accountId: string): Promise<IamPoliciesTable[]> =>
  db.selectFrom('iam_policies').selectAll().where('account_id', '=', accountId).orderBy('name_lc').execute();

/** The default version's document of a customer managed policy, one join. */
async function defaultDocument(db: Db, arn: string): Promise<string | undefined> {
  const r = await db
    .selectFrom('iam_policies as p')
    .innerJoin('iam_policy_versions as v', (j) => j.onRef('v.policy_arn', '=', 'p.arn').onRef('v.version_id', '=', 'p.default_version'))
    .select('v.document')
    .where('p.arn', '=', arn)
    .executeTakeFirst();
  return r?.document;
}

const attachmentsOf = (db: Db, entityId: string): Promise<IamAttachmentsTable[]> =>
  db.selectFrom('iam_attachments').selectAll().where('entity_id', '=', entityId).orderBy('policy_arn').execute();

const attachmentsOfPolicy = (db: Db, accountId: string, arn: string): Promise<IamAttachmentsTable[]> =>
  db.selectFrom('iam_attachments').selectAll().where('account_id', '=', accountId).where('policy_arn', '=', arn).execute();

async function countAttachments(db: Db, accountId: string): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('iam_attachments')
    .select(['policy_arn', (eb) => eb.fn.countAll<number>().as('n')])
    .where('account_id', '=', accountId)
    .groupBy('policy_arn')
    .execute();
  return new Map(rows.map((r) => [r.policy_arn, Number(r.n)]));
}

async function countBoundaryUses(db: Db, accountId: string): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('iam_entities')
    .select(['boundary_arn', (eb) => eb.fn.countAll<number>().as('n')])
    .where('account_id', '=', accountId)
    .where('boundary_arn', 'is not', null)
    .groupBy('boundary_arn')
    .execute();
  return new Map(rows.map((r) => [r.boundary_arn!, Number(r.n)]));
}

const attach = (db: Db, row: IamAttachmentsTable) =>
  db.insertInto('iam_attachments').values(row).onConflict((oc) => oc.columns(['entity_id', 'policy_arn']).doNothing()).execute();

async function detach(db: Db, entityId: string, arn: string): Promise<boolean> {
  const r = await db.deleteFrom('iam_attachments').where('entity_id', '=', entityId).where('policy_arn', '=', arn).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

const inlineOf = (db: Db, entityId: string): Promise<IamInlinePoliciesTable[]> =>
  db.selectFrom('iam_inline_policies').selectAll().where('entity_id', '=', entityId).orderBy('name').execute();

const getInline = (db: Db, entityId: string, name: string): Promise<IamInlinePoliciesTable | undefined> =>
  db.selectFrom('iam_inline_policies').selectAll().where('entity_id', '=', entityId).where('name', '=', name).executeTakeFirst();

async function putInline(db: Db, row: IamInlinePoliciesTable): Promise<void> {
  await db
    .insertInto('iam_inline_policies')
    .values(row)
    .onConflict((oc) => oc.columns(['entity_id', 'name']).doUpdateSet({ document: row.document }))
    .execute();
}

async function deleteInline(db: Db, entityId: string, name: string): Promise<boolean> {
  const r = await db.deleteFrom('iam_inline_policies').where('entity_id', '=', entityId).where('name', '=', name).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

/** Runs `work` in the transaction `db` is, or in a new one. */
const atomically = <T>(db: Db, work: (tx: Db) => Promise<T>): Promise<T> => (db.isTransaction ? work(db) : db.transaction().execute(work));

/** The policy and its first version (`row.default_version`), together; false (nothing written) when its ARN or name exists. */
const createPolicy = (db: Db, row: IamPoliciesTable, document: string): Promise<boolean> =>
  atomically(db, async (tx) => {
    // Any unique key refuses it: the ARN, or the name (case-insensitively) in the account under another path.
    const r = await tx.insertInto('iam_policies').values(row).onConflict((oc) => oc.doNothing()).executeTakeFirst();
    if (Number(r.numInsertedOrUpdatedRows ?? 0) === 0) return false;
    await tx.insertInto('iam_policy_versions').values({ policy_arn: row.arn, version_id: row.default_version, document, created_at: row.created_at }).execute();
    return true;
  });

/** The policy and every version of it, together; false when there was no such policy. */
const deletePolicy = (db: Db, arn: string): Promise<boolean> =>
  atomically(db, async (tx) => {
    await tx.deleteFrom('iam_policy_versions').where('policy_arn', '=', arn).execute();
    const r = await tx.deleteFrom('iam_policies').where('arn', '=', arn).executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  });

async function countVersions(db: Db, arn: string): Promise<number> {
  const r = await db.selectFrom('iam_policy_versions').select((eb) => eb.fn.countAll<number>().as('n')).where('policy_arn', '=', arn).executeTakeFirst();
  return Number(r?.n ?? 0);
}

async function advanceVersionCounter(db: Db, arn: string, from: number, set: { updated_at: number; default_version?: string }): Promise<boolean> {
  const r = await db
    .updateTable('iam_policies')
    .set({ ...set, next_version: from + 1 })
    .where('arn', '=', arn)
    .where('next_version', '=', from)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

const insertVersion = (db: Db, row: IamPolicyVersionsTable) => db.insertInto('iam_policy_versions').values(row).execute();

async function deleteVersion(db: Db, arn: string, versionId: string): Promise<boolean> {
  const r = await db.deleteFrom('iam_policy_versions').where('policy_arn', '=', arn).where('version_id', '=', versionId).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

async function setDefaultVersion(db: Db, arn: string, versionId: string, updatedAt: number): Promise<boolean> {
  const r = await db.updateTable('iam_policies').set({ default_version: versionId, updated_at: updatedAt }).where('arn', '=', arn).executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

async function countBoundaryUsesOf(db: Db, accountId: string, arn: string): Promise<number> {
  const r = await db
    .selectFrom('iam_entities')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('account_id', '=', accountId)
    .where('boundary_arn', '=', arn)
    .executeTakeFirst();
  return Number(r?.n ?? 0);
}

const entitiesBoundedBy = (db: Db, accountId: string, arn: string): Promise<IamEntitiesTable[]> =>
  db.selectFrom('iam_entities').selectAll().where('account_id', '=', accountId).where('boundary_arn', '=', arn).execute();

async function countPolicies(db: Db, accountId: string): Promise<number> {
  const r = await db.selectFrom('iam_policies').select((eb) => eb.fn.countAll<number>().as('n')).where('account_id', '=', accountId).executeTakeFirst();
  return Number(r?.n ?? 0);
}

async function countVersionsInAccount(db: Db, accountId: string): Promise<number> {
  const r = await db
    .selectFrom('iam_policy_versions as v')
    .innerJoin('iam_policies as p', 'p.arn', 'v.policy_arn')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('p.account_id', '=', accountId)
    .executeTakeFirst();
  return Number(r?.n ?? 0);
}

export type { EntityKind };

/** Customer managed policies and their versions, attachments (managed policies to entities), inline policies. */
export interface PoliciesRepo {
  get(arn: string): Promise<IamPoliciesTable | undefined>;
  /** The account's customer managed policies, in name order. */
  list(accountId: string): Promise<IamPoliciesTable[]>;
  getVersion(arn: string, versionId: string): Promise<IamPolicyVersionsTable | undefined>;
  /** Newest first. */
  listVersions(arn: string): Promise<IamPolicyVersionsTable[]>;
  /** The default version's document of a customer managed policy (one join). */
  defaultDocument(arn: string): Promise<string | undefined>;
  /** The managed policies attached to an entity. */
  attachmentsOf(entityId: string): Promise<IamAttachmentsTable[]>;
  /** The entities a managed policy is attached to, in the account. */
  attachmentsOfPolicy(accountId: string, arn: string): Promise<IamAttachmentsTable[]>;
  /** Attachment count by policy ARN. */
  countAttachments(accountId: string): Promise<Map<string, number>>;
  /** Permissions-boundary use count by policy ARN. */
  countBoundaryUses(accountId: string): Promise<Map<string, number>>;
  /** Attaches (a no-op when attached already). */
  attach(row: IamAttachmentsTable): Promise<void>;
  /** False when it was not attached. */
  detach(entityId: string, arn: string): Promise<boolean>;
  /** An entity's inline policies, in name order. */
  inlineOf(entityId: string): Promise<IamInlinePoliciesTable[]>;
  getInline(entityId: string, name: string): Promise<IamInlinePoliciesTable | undefined>;
  /** Creates or replaces an inline policy. */
  putInline(row: IamInlinePoliciesTable): Promise<void>;
  /** False when there was none. */
  deleteInline(entityId: string, name: string): Promise<boolean>;

  /**
   * Creates a customer managed policy with its first version (id `row.default_version`, dated `row.created_at`),
   * both or neither; false (nothing written) when the account has a policy with that ARN or name (case-insensitively).
   */
  create(row: IamPoliciesTable, document: string): Promise<boolean>;
  /** Deletes a customer managed policy with every version of it, both or neither; false when there was none. */
  delete(arn: string): Promise<boolean>;
  /** How many versions the policy has. */
  countVersions(arn: string): Promise<number>;
  /**
   * Moves the policy's version counter from `from` to `from + 1` (and sets `set`) only if it is still `from`:
   * of concurrent callers with the same `from` exactly one gets true.
   */
  advanceVersionCounter(arn: string, from: number, set: { updated_at: number; default_version?: string }): Promise<boolean>;
  /** Adds a version (a duplicate version id is a unique violation). */
  insertVersion(row: IamPolicyVersionsTable): Promise<void>;
  /** False when the policy had no such version. */
  deleteVersion(arn: string, versionId: string): Promise<boolean>;
  /** Makes `versionId` the version that applies; false when there is no such policy. */
  setDefaultVersion(arn: string, versionId: string, updatedAt: number): Promise<boolean>;
  /** How many of the account's users and roles have the policy as permissions boundary. */
  countBoundaryUsesOf(accountId: string, arn: string): Promise<number>;
  /** The account's users and roles that have the policy as permissions boundary (in no particular order). */
  entitiesBoundedBy(accountId: string, arn: string): Promise<IamEntitiesTable[]>;
  /** How many customer managed policies the account has. */
  countInAccount(accountId: string): Promise<number>;
  /** How many versions the account's customer managed policies have, all together. */
  countVersionsInAccount(accountId: string): Promise<number>;
  /** Replaces the policy's tags (JSON [{Key, Value}]); false when there is no such policy. */
  setTags(arn: string, tags: string): Promise<boolean>;
}

export const policiesRepo = (db: Db): PoliciesRepo => ({
  get: (arn) => getPolicyRow(db, arn),
  list: (accountId) => listPolicyRows(db, accountId),
  getVersion: (arn, versionId) => getPolicyVersion(db, arn, versionId),
  listVersions: (arn) => listPolicyVersions(db, arn),
  defaultDocument: (arn) => defaultDocument(db, arn),
  attachmentsOf: (entityId) => attachmentsOf(db, entityId),
  attachmentsOfPolicy: (accountId, arn) => attachmentsOfPolicy(db, accountId, arn),
  countAttachments: (accountId) => countAttachments(db, accountId),
  countBoundaryUses: (accountId) => countBoundaryUses(db, accountId),
  attach: async (row) => {
    await attach(db, row);
  },
  detach: (entityId, arn) => detach(db, entityId, arn),
  inlineOf: (entityId) => inlineOf(db, entityId),
  getInline: (entityId, name) => getInline(db, entityId, name),
  putInline: (row) => putInline(db, row),
  deleteInline: (entityId, name) => deleteInline(db, entityId, name),
  create: (row, document) => createPolicy(db, row, document),
  delete: (arn) => deletePolicy(db, arn),
  countVersions: (arn) => countVersions(db, arn),
  advanceVersionCounter: (arn, from, set) => advanceVersionCounter(db, arn, from, set),
  insertVersion: async (row) => {
    await insertVersion(db, row);
  },
  deleteVersion: (arn, versionId) => deleteVersion(db, arn, versionId),
  setDefaultVersion: (arn, versionId, updatedAt) => setDefaultVersion(db, arn, versionId, updatedAt),
  countBoundaryUsesOf: (accountId, arn) => countBoundaryUsesOf(db, accountId, arn),
  entitiesBoundedBy: (accountId, arn) => entitiesBoundedBy(db, accountId, arn),
  countInAccount: (accountId) => countPolicies(db, accountId),
  countVersionsInAccount: (accountId) => countVersionsInAccount(db, accountId),
  setTags: async (arn, tags) => Number((await db.updateTable('iam_policies').set({ tags }).where('arn', '=', arn).executeTakeFirst()).numUpdatedRows) > 0,
});
