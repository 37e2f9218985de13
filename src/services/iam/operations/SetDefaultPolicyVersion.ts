import { defineOperation } from '../../operation.js';
import { IamErrors } from '../errors.js';
import { iamTopic, publish } from '../lookups.js';
import { requireCustomerPolicy } from '../managedPolicies.js';

/** iam:SetDefaultPolicyVersion — the version that applies from now on (cached policies are dropped). */
export default defineOperation<{ PolicyArn: string; VersionId: string }, undefined>({
  service: 'iam',
  name: 'SetDefaultPolicyVersion',
  checks: (input) => [{ action: 'iam:SetDefaultPolicyVersion', resource: input.PolicyArn }],
  handle: async (input, ctx) => {
    const p = await requireCustomerPolicy(ctx, input.PolicyArn);
    if (!(await ctx.deps.store.repos.policies.getVersion(p.arn, input.VersionId))) throw IamErrors.noSuchVersion(input.PolicyArn, input.VersionId);
    await ctx.deps.store.repos.policies.setDefaultVersion(p.arn, input.VersionId, ctx.now);
    await publish(ctx.deps, iamTopic(ctx.caller.accountId));
    return undefined;
  },
});
