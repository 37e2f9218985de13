import { defineQueryOperation } from '../../operation.js';
import { deleteConflict } from '../errors.js';
import { entityCheck, iamTopic, publish, requireEntity } from '../lookups.js';

/** iam:DeleteGroup — refused while it has users, inline or attached policies. */
export default defineQueryOperation<{ GroupName: string }, undefined>({
  service: 'iam',
  name: 'DeleteGroup',
  authorize: async (input, ctx) => [await entityCheck(ctx, 'iam:DeleteGroup', 'group', input.GroupName)],
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
