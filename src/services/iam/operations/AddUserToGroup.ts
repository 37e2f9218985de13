import { defineOperation } from '../../operation.js';
import { limitExceeded } from '../errors.js';
import { iamTopic, publish, requireEntity } from '../lookups.js';
import { entityCheck, loadEntity, type EntityTarget } from '../targets.js';

export const GROUPS_PER_USER = 10;

/** iam:AddUserToGroup — at most 10 groups per user. */
export default defineOperation<{ GroupName: string; UserName: string }, undefined, EntityTarget>({
  service: 'iam',
  name: 'AddUserToGroup',
  prepare: (input, ctx) => loadEntity(ctx, 'group', input.GroupName),
  checks: (_input, _ctx, target) => [entityCheck(target, 'iam:AddUserToGroup')],
  handle: async (input, ctx) => {
    const g = await requireEntity(ctx.deps, ctx.caller.accountId, 'group', input.GroupName);
    const u = await requireEntity(ctx.deps, ctx.caller.accountId, 'user', input.UserName);
    const groups = await ctx.deps.store.repos.entities.groupsOfUser(u.id);
    if (groups.some((x) => x.id === g.id)) return undefined;
    if (groups.length >= GROUPS_PER_USER) throw limitExceeded(`Cannot exceed quota for GroupsPerUser: ${GROUPS_PER_USER}`);
    await ctx.deps.store.repos.entities.addMember({ group_id: g.id, user_id: u.id, account_id: g.account_id, created_at: ctx.now });
    await publish(ctx.deps, iamTopic(g.account_id));
    return undefined;
  },
});
