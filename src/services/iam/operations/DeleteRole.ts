import { defineQueryOperation } from '../../operation.js';
import { deleteConflict } from '../errors.js';
import { entityCheck, iamTopic, publish, requireEntity } from '../lookups.js';

/** iam:DeleteRole — refused while it has inline or attached policies (Tessera has no instance profiles). */
export default defineQueryOperation<{ RoleName: string }, undefined>({
  service: 'iam',
  name: 'DeleteRole',
  authorize: async (input, ctx) => [await entityCheck(ctx, 'iam:DeleteRole', 'role', input.RoleName)],
  handle: async (input, ctx) => {
    const entities = ctx.deps.store.repos.entities;
    const r = await requireEntity(ctx.deps, ctx.caller.accountId, 'role', input.RoleName);
    if (await entities.hasInlinePolicies(r.id))
      throw deleteConflict('Cannot delete entity, must delete policies first.');
    if (await entities.hasAttachedPolicies(r.id))
      throw deleteConflict('Cannot delete entity, must detach all policies first.');
    await entities.delete(r.id);
    await publish(ctx.deps, iamTopic(r.account_id));
    return undefined;
  },
});
