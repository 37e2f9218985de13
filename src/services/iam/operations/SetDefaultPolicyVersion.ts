import { defineOperation } from '../../operation.js';
import { IamErrors } from '../errors.js';
import { iamTopic, publish } from '../lookups.js';
import { requireCustomerPolicy } from '../managedPolicies.js';
import { loadPolicyTags } from '../taggables.js';
import type { TagTarget } from '../tagging.js';
import { taggedCheck } from '../targets.js';

/** iam:SetDefaultPolicyVersion — the version that applies from now on (cached policies are dropped). */
export default defineOperation<{ PolicyArn: string; VersionId: string }, undefined, TagTarget>({
  service: 'iam',
  name: 'SetDefaultPolicyVersion',
  prepare: (input, ctx) => loadPolicyTags(ctx, input.PolicyArn),
  checks: (_input, _ctx, target) => [taggedCheck('iam:SetDefaultPolicyVersion', target.arn, target.tags)],
  handle: async (input, ctx) => {
    const p = await requireCustomerPolicy(ctx, input.PolicyArn);
    if (!(await ctx.deps.store.repos.policies.getVersion(p.arn, input.VersionId))) throw IamErrors.noSuchVersion(input.PolicyArn, input.VersionId);
    await ctx.deps.store.repos.policies.setDefaultVersion(p.arn, input.VersionId, ctx.now);
    await publish(ctx.deps, iamTopic(ctx.caller.accountId));
    return undefined;
  },
});
