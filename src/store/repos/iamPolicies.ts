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
