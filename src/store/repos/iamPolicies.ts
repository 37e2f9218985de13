/** Customer managed policies and their versions, attachments, inline policies. */
import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';
import type { IamAttachmentsTable, IamInlinePoliciesTable, IamPoliciesTable, IamPolicyVersionsTable } from '../schema-iam.js';
import type { EntityKind } from './iamEntities.js';

type Db = Kysely<Database>;

export const getPolicyRow = (db: Db, arn: string): Promise<IamPoliciesTable | undefined> =>
  db.selectFrom('iam_policies').selectAll().where('arn', '=', arn).executeTakeFirst();

export const getPolicyVersion = (db: Db, arn: string, versionId: string): Promise<IamPolicyVersionsTable | undefined> =>
  db.selectFrom('iam_policy_versions').selectAll().where('policy_arn', '=', arn).where('version_id', '=', versionId).executeTakeFirst();

export const listPolicyVersions = (db: Db, arn: string): Promise<IamPolicyVersionsTable[]> =>
  db.selectFrom('iam_policy_versions').selectAll().where('policy_arn', '=', arn).orderBy('created_at', 'desc').orderBy('version_id', 'desc').execute();

export const listPolicyRows = (db: Db, accountId: string): Promise<IamPoliciesTable[]> =>
  db.selectFrom('iam_policies').selectAll().where('account_id', '=', accountId).orderBy('name_lc').execute();

/** The default version's document of a customer managed policy, one join. */
export async function defaultDocument(db: Db, arn: string): Promise<string | undefined> {
  const r = await db
    .selectFrom('iam_policies as p')
    .innerJoin('iam_policy_versions as v', (j) => j.onRef('v.policy_arn', '=', 'p.arn').onRef('v.version_id', '=', 'p.default_version'))
    .select('v.document')
    .where('p.arn', '=', arn)
    .executeTakeFirst();
  return r?.document;
}

export const attachmentsOf = (db: Db, entityId: string): Promise<IamAttachmentsTable[]> =>
  db.selectFrom('iam_attachments').selectAll().where('entity_id', '=', entityId).orderBy('policy_arn').execute();

export const attachmentsOfPolicy = (db: Db, accountId: string, arn: string): Promise<IamAttachmentsTable[]> =>
  db.selectFrom('iam_attachments').selectAll().where('account_id', '=', accountId).where('policy_arn', '=', arn).execute();

export async function countAttachments(db: Db, accountId: string): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('iam_attachments')
    .select(['policy_arn', (eb) => eb.fn.countAll<number>().as('n')])
    .where('account_id', '=', accountId)
    .groupBy('policy_arn')
    .execute();
  return new Map(rows.map((r) => [r.policy_arn, Number(r.n)]));
}

export async function countBoundaryUses(db: Db, accountId: string): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('iam_entities')
    .select(['boundary_arn', (eb) => eb.fn.countAll<number>().as('n')])
    .where('account_id', '=', accountId)
    .where('boundary_arn', 'is not', null)
    .groupBy('boundary_arn')
    .execute();
  return new Map(rows.map((r) => [r.boundary_arn!, Number(r.n)]));
}

export const attach = (db: Db, row: IamAttachmentsTable) =>
  db.insertInto('iam_attachments').values(row).onConflict((oc) => oc.columns(['entity_id', 'policy_arn']).doNothing()).execute();

export async function detach(db: Db, entityId: string, arn: string): Promise<boolean> {
  const r = await db.deleteFrom('iam_attachments').where('entity_id', '=', entityId).where('policy_arn', '=', arn).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

export const inlineOf = (db: Db, entityId: string): Promise<IamInlinePoliciesTable[]> =>
  db.selectFrom('iam_inline_policies').selectAll().where('entity_id', '=', entityId).orderBy('name').execute();

export const getInline = (db: Db, entityId: string, name: string): Promise<IamInlinePoliciesTable | undefined> =>
  db.selectFrom('iam_inline_policies').selectAll().where('entity_id', '=', entityId).where('name', '=', name).executeTakeFirst();

export async function putInline(db: Db, row: IamInlinePoliciesTable): Promise<void> {
  await db
    .insertInto('iam_inline_policies')
    .values(row)
    .onConflict((oc) => oc.columns(['entity_id', 'name']).doUpdateSet({ document: row.document }))
    .execute();
}

export async function deleteInline(db: Db, entityId: string, name: string): Promise<boolean> {
  const r = await db.deleteFrom('iam_inline_policies').where('entity_id', '=', entityId).where('name', '=', name).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
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
});
