import { defineOperation } from '../../operation.js';
import { deleteConflict, IamErrors } from '../errors.js';
import { requireCustomerPolicy } from '../managedPolicies.js';

/** iam:DeletePolicyVersion — never the default version (DeleteConflict). */
export default defineOperation<{ PolicyArn: string; VersionId: string }, undefined>({
  service: 'iam',
  name: 'DeletePolicyVersion',
  checks: (input) => [{ action: 'iam:DeletePolicyVersion', resource: input.PolicyArn }],
  handle: async (input, ctx) => {
    const p = await requireCustomerPolicy(ctx, input.PolicyArn);
    if (input.VersionId === p.default_version) throw deleteConflict('Cannot delete the default version of a policy.');
    if (!(await ctx.deps.store.repos.policies.deleteVersion(p.arn, input.VersionId))) throw IamErrors.noSuchVersion(input.PolicyArn, input.VersionId);
    return undefined;
  },
});
