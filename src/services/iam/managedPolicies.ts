/** Shared reads for managed-policy operations. */
import { parseArn } from '../../core/arn.js';
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
  const row = parseArn(arn)?.account === ctx.caller.accountId ? await ctx.deps.store.repos.policies.get(arn) : undefined;
  if (!row) throw IamErrors.policyNotFound(arn);
  return row;
}

export async function usage(ctx: OperationContext, arn: string) {
  const policies = ctx.deps.store.repos.policies;
  const attachments = (await policies.attachmentsOfPolicy(ctx.caller.accountId, arn)).length;
  return { attachments, boundaryUses: await policies.countBoundaryUsesOf(ctx.caller.accountId, arn) };
}
