import { defineOperation } from '../../operation.js';
import { iamTopic, publish, requireEntity } from '../lookups.js';
import { checkTrustPolicy } from '../roles.js';
import { refuseServiceLinked } from '../serviceLinked.js';
import { entityCheck, loadEntity, type EntityTarget } from '../targets.js';

/** iam:UpdateAssumeRolePolicy — replaces the trust policy. */
export default defineOperation<{ RoleName: string; PolicyDocument: string }, undefined, EntityTarget>({
  service: 'iam',
  name: 'UpdateAssumeRolePolicy',
  prepare: (input, ctx) => loadEntity(ctx, 'role', input.RoleName),
  checks: (_input, _ctx, target) => [entityCheck(target, 'iam:UpdateAssumeRolePolicy')],
  handle: async (input, ctx) => {
    const r = await requireEntity(ctx.deps, ctx.caller.accountId, 'role', input.RoleName);
    refuseServiceLinked(r);
    checkTrustPolicy(input.PolicyDocument);
    await ctx.deps.store.repos.entities.update(r.id, { trust_policy: input.PolicyDocument });
    await publish(ctx.deps, iamTopic(r.account_id));
    return undefined;
  },
});
