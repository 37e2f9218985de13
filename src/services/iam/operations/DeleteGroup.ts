import { defineOperation } from '../../operation.js';
import { deleteConflict } from '../errors.js';
import { iamTopic, publish, requireEntity } from '../lookups.js';
import { entityCheck, loadEntity, type EntityTarget } from '../targets.js';

/** iam:DeleteGroup — refused while it has users, inline or attached policies. */
export default defineOperation<{ GroupName: string }, undefined, EntityTarget>({
  service: 'iam',
  name: 'DeleteGroup',
  prepare: (input, ctx) => loadEntity(ctx, 'group', input.GroupName),
  checks: (_input, _ctx, target) => [entityCheck(target, 'iam:DeleteGroup')],
  handle: async (input, ctx) => {
    const entities = ctx.deps.store.repos.entities;
    const g = await requireEntity(ctx.deps, ctx.caller.accountId, 'group', input.GroupName);
    if (await entities.hasMembers(g.id))
      throw deleteConflict('Cannot delete entity, must remove users from group first.');
    if (await entities.hasInlinePolicies(g.id))
      throw deleteConflict('Cannot delete entity, must delete policies first.');
    if (await entities.hasAttachedPolicies(g.id))
      throw deleteConflict('Cannot delete entity, must detach all policies first.');
    await entities.delete(g.id);
    await publish(ctx.deps, iamTopic(g.account_id));
    return undefined;
  },
});
