import { defineOperation } from '../../operation.js';
import { requireEntity } from '../lookups.js';
import { groupOut } from '../model.js';
import { pageOf } from '../util.js';
import { entityCheck, loadEntity, type EntityTarget } from '../targets.js';

/** iam:ListGroupsForUser */
export default defineOperation<{ UserName: string; Marker?: string; MaxItems?: number }, Record<string, unknown>, EntityTarget>({
  service: 'iam',
  name: 'ListGroupsForUser',
  prepare: (input, ctx) => loadEntity(ctx, 'user', input.UserName),
  checks: (_input, _ctx, target) => [entityCheck(target, 'iam:ListGroupsForUser')],
  handle: async (input, ctx) => {
    const u = await requireEntity(ctx.deps, ctx.caller.accountId, 'user', input.UserName);
    const { page, ...rest } = pageOf((await ctx.deps.store.repos.entities.groupsOfUser(u.id)).map(groupOut), input.Marker, input.MaxItems);
    return { Groups: page, ...rest };
  },
});
