import { parseArn } from '../../../core/arn.js';
import { defineOperation } from '../../operation.js';
import { IamErrors } from '../errors.js';
import { requirePolicyArn } from '../lookups.js';
import { awsManagedPolicy, isAwsManagedArn } from '../managed/index.js';
import { usage } from '../managedPolicies.js';
import { awsPolicyOut, customerPolicyOut } from '../model.js';
import { loadPolicyTags } from '../taggables.js';
import type { TagTarget } from '../tagging.js';
import { taggedCheck } from '../targets.js';

/** iam:GetPolicy — customer or AWS managed; counts are this account's attachments and boundary uses. */
export default defineOperation<{ PolicyArn: string }, Record<string, unknown>, TagTarget>({
  service: 'iam',
  name: 'GetPolicy',
  prepare: (input, ctx) => loadPolicyTags(ctx, input.PolicyArn),
  checks: (_input, _ctx, target) => [taggedCheck('iam:GetPolicy', target.arn, target.tags)],
  handle: async (input, ctx) => {
    requirePolicyArn(input.PolicyArn);
    const u = await usage(ctx, input.PolicyArn);
    if (isAwsManagedArn(input.PolicyArn)) {
      const p = awsManagedPolicy(input.PolicyArn);
      if (!p) throw IamErrors.policyNotFound(input.PolicyArn);
      return { Policy: awsPolicyOut(p, u.attachments, u.boundaryUses) };
    }
    const row = parseArn(input.PolicyArn)?.account === ctx.caller.accountId ? await ctx.deps.store.repos.policies.get(input.PolicyArn) : undefined;
    if (!row) throw IamErrors.policyNotFound(input.PolicyArn);
    return { Policy: customerPolicyOut(row, u.attachments, u.boundaryUses, true) };
  },
});
