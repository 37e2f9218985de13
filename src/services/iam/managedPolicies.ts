/** Shared reads for managed-policy operations. */
import { parseArn } from '../../core/arn.js';
import { attachmentsOfPolicy, getPolicyRow } from '../../store/repos/iamPolicies.js';
import type { IamPoliciesTable } from '../../store/schema-iam.js';
import type { OperationContext } from '../operation.js';
import { IamErrors } from './errors.js';
import { requirePolicyArn } from './lookups.js';
import { awsManagedPolicy, isAwsManagedArn } from './managed/index.js';

export const policyArnFor = (accountId: string, path: string, name: string) => `arn:aws:iam::${accountId}:policy${path}${name}`;

export const MAX_POLICY_VERSIONS = 5;

/** A customer managed policy of the caller's account; NoSuchEntity ("was not found") otherwise. */
export async function requireCustomerPolicy(ctx: OperationContext, arn: string): Promise<IamPoliciesTable> {
  requirePolicyArn(arn);
  if (isAwsManagedArn(arn)) {
    if (awsManagedPolicy(arn)) throw IamErrors.awsManagedReadOnly(arn);
    throw IamErrors.policyNotFound(arn);
  }
  const row = parseArn(arn)?.account === ctx.caller.accountId ? await getPolicyRow(ctx.deps.store.db, arn) : undefined;
  if (!row) throw IamErrors.policyNotFound(arn);
  return row;
}

export async function usage(ctx: OperationContext, arn: string) {
  const db = ctx.deps.store.db;
  const attachments = (await attachmentsOfPolicy(db, ctx.caller.accountId, arn)).length;
  const b = await db
    .selectFrom('iam_entities')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('account_id', '=', ctx.caller.accountId)
    .where('boundary_arn', '=', arn)
    .executeTakeFirst();
  return { attachments, boundaryUses: Number(b?.n ?? 0) };
}
