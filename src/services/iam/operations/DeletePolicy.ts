import { defineOperation } from '../../operation.js';
import { deleteConflict } from '../errors.js';
import { iamTopic, publish } from '../lookups.js';
import { requireCustomerPolicy, usage } from '../managedPolicies.js';
import { loadPolicyTags } from '../taggables.js';
import type { TagTarget } from '../tagging.js';
import { taggedCheck } from '../targets.js';

/** iam:DeletePolicy — refused while attached (or used as a boundary) or while it has non-default versions. */
export default defineOperation<{ PolicyArn: string }, undefined, TagTarget>({
  service: 'iam',
  name: 'DeletePolicy',
  prepare: (input, ctx) => loadPolicyTags(ctx, input.PolicyArn),
  checks: (_input, _ctx, target) => [taggedCheck('iam:DeletePolicy', target.arn, target.tags)],
  handle: async (input, ctx) => {
    const p = await requireCustomerPolicy(ctx, input.PolicyArn);
    const u = await usage(ctx, p.arn);
    if (u.attachments + u.boundaryUses > 0) throw deleteConflict('Cannot delete a policy attached to entities.');
    if ((await ctx.deps.store.repos.policies.countVersions(p.arn)) > 1) {
      throw deleteConflict(
        "This policy has more than one version. Before you delete a policy, you must delete the policy's versions. The default version is deleted with the policy.",
      );
    }
    await ctx.deps.store.repos.policies.delete(p.arn);
    await publish(ctx.deps, iamTopic(ctx.caller.accountId));
    return undefined;
  },
});
