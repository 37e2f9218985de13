import { defineQueryOperation } from '../../operation.js';
import { noSuchEntity } from '../errors.js';
import { entityCheck, iamTopic, publish, requireEntity } from '../lookups.js';

/** iam:RemoveUserFromGroup */
export default defineQueryOperation<{ GroupName: string; UserName: string }, undefined>({
  service: 'iam',
  name: 'RemoveUserFromGroup',
  authorize: async (input, ctx) => [await entityCheck(ctx, 'iam:RemoveUserFromGroup', 'group', input.GroupName)],
  handle: async (input, ctx) => {
    const g = await requireEntity(ctx.deps, ctx.caller.accountId, 'group', input.GroupName);
    const u = await requireEntity(ctx.deps, ctx.caller.accountId, 'user', input.UserName);
    if (!(await ctx.deps.store.repos.entities.removeMember(g.id, u.id))) throw noSuchEntity(`User ${u.name} is not in group ${g.name}.`);
    await publish(ctx.deps, iamTopic(g.account_id));
    return undefined;
  },
});
