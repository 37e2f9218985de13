import { defineOperation } from '../../operation.js';
import { noSuchEntity } from '../errors.js';
import { iamTopic, publish, requireEntity } from '../lookups.js';
import { entityCheck, loadEntity, type EntityTarget } from '../targets.js';

/** iam:RemoveUserFromGroup */
export default defineOperation<{ GroupName: string; UserName: string }, undefined, EntityTarget>({
  service: 'iam',
  name: 'RemoveUserFromGroup',
  prepare: (input, ctx) => loadEntity(ctx, 'group', input.GroupName),
  checks: (_input, _ctx, target) => [entityCheck(target, 'iam:RemoveUserFromGroup')],
  handle: async (input, ctx) => {
    const g = await requireEntity(ctx.deps, ctx.caller.accountId, 'group', input.GroupName);
    const u = await requireEntity(ctx.deps, ctx.caller.accountId, 'user', input.UserName);
    if (!(await ctx.deps.store.repos.entities.removeMember(g.id, u.id))) throw noSuchEntity(`User ${u.name} is not in group ${g.name}.`);
    await publish(ctx.deps, iamTopic(g.account_id));
    return undefined;
  },
});
