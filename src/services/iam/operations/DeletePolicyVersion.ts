import { defineOperation } from '../../operation.js';
import { deleteConflict, IamErrors } from '../errors.js';
import { requireCustomerPolicy } from '../managedPolicies.js';
import { loadPolicyTags } from '../taggables.js';
import type { TagTarget } from '../tagging.js';
import { taggedCheck } from '../targets.js';

/** iam:DeletePolicyVersion — never the default version (DeleteConflict). */
export default defineOperation<{ PolicyArn: string; VersionId: string }, undefined, TagTarget>({
  service: 'iam',
  name: 'DeletePolicyVersion',
  prepare: (input, ctx) => loadPolicyTags(ctx, input.PolicyArn),
  checks: (_input, _ctx, target) => [taggedCheck('iam:DeletePolicyVersion', target.arn, target.tags)],
  handle: async (input, ctx) => {
    const p = await requireCustomerPolicy(ctx, input.PolicyArn);
    if (input.VersionId === p.default_version) throw deleteConflict('Cannot delete the default version of a policy.');
    if (!(await ctx.deps.store.repos.policies.deleteVersion(p.arn, input.VersionId))) throw IamErrors.noSuchVersion(input.PolicyArn, input.VersionId);
    return undefined;
  },
});
