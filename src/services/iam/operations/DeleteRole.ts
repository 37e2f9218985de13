import { defineOperation } from '../../operation.js';
import { deleteConflict } from '../errors.js';
import { iamTopic, publish, requireEntity } from '../lookups.js';
import { refuseServiceLinked } from '../serviceLinked.js';
import { entityCheck, loadEntity, type EntityTarget } from '../targets.js';

/** iam:DeleteRole — refused while it has inline or attached policies or is in an instance profile; service-linked roles are refused. */
export default defineOperation<{ RoleName: string }, undefined, EntityTarget>({
  service: 'iam',
  name: 'DeleteRole',
  prepare: (input, ctx) => loadEntity(ctx, 'role', input.RoleName),
  checks: (_input, _ctx, target) => [entityCheck(target, 'iam:DeleteRole')],
  handle: async (input, ctx) => {
    const entities = ctx.deps.store.repos.entities;
    const r = await requireEntity(ctx.deps, ctx.caller.accountId, 'role', input.RoleName);
    refuseServiceLinked(r);
    if (await entities.hasInlinePolicies(r.id))
      throw deleteConflict('Cannot delete entity, must delete policies first.');
    if (await entities.hasAttachedPolicies(r.id))
      throw deleteConflict('Cannot delete entity, must detach all policies first.');
    if ((await ctx.deps.store.repos.instanceProfiles.ofRole(r.id)).length > 0)
      throw deleteConflict('Cannot delete entity, must remove roles from instance profile first.');
    await entities.delete(r.id);
    await publish(ctx.deps, iamTopic(r.account_id));
    return undefined;
  },
});
