import { getPolicyVersion } from '../../../store/repos/iamPolicies.js';
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
    if (!(await getPolicyVersion(ctx.deps.store.db, p.arn, input.VersionId))) throw IamErrors.noSuchVersion(input.PolicyArn, input.VersionId);
    await ctx.deps.store.db.updateTable('iam_policies').set({ default_version: input.VersionId, updated_at: ctx.now }).where('arn', '=', p.arn).execute();
    await publish(ctx.deps, iamTopic(ctx.caller.accountId));
    return undefined;
  },
});
