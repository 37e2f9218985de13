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
    const r = await ctx.deps.store.db
      .deleteFrom('iam_policy_versions')
      .where('policy_arn', '=', p.arn)
      .where('version_id', '=', input.VersionId)
      .executeTakeFirst();
    if (Number(r.numDeletedRows) === 0) throw IamErrors.noSuchVersion(input.PolicyArn, input.VersionId);
    return undefined;
  },
});
