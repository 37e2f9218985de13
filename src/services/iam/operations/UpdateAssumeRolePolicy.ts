import { defineQueryOperation } from '../../operation.js';
import { entityCheck, iamTopic, publish, requireEntity } from '../lookups.js';
import { checkTrustPolicy } from '../roles.js';

/** iam:UpdateAssumeRolePolicy — replaces the trust policy. */
export default defineQueryOperation<{ RoleName: string; PolicyDocument: string }, undefined>({
  service: 'iam',
  name: 'UpdateAssumeRolePolicy',
  authorize: async (input, ctx) => [await entityCheck(ctx, 'iam:UpdateAssumeRolePolicy', 'role', input.RoleName)],
  handle: async (input, ctx) => {
    const r = await requireEntity(ctx.deps, ctx.caller.accountId, 'role', input.RoleName);
    checkTrustPolicy(input.PolicyDocument);
    await ctx.deps.store.repos.entities.update(r.id, { trust_policy: input.PolicyDocument });
    await publish(ctx.deps, iamTopic(r.account_id));
    return undefined;
  },
});
