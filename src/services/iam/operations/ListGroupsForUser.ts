import { defineQueryOperation } from '../../operation.js';
import { entityCheck, requireEntity } from '../lookups.js';
import { groupOut } from '../model.js';
import { pageOf } from '../util.js';

/** iam:ListGroupsForUser */
export default defineQueryOperation<{ UserName: string; Marker?: string; MaxItems?: number }, Record<string, unknown>>({
  service: 'iam',
  name: 'ListGroupsForUser',
  authorize: async (input, ctx) => [await entityCheck(ctx, 'iam:ListGroupsForUser', 'user', input.UserName)],
  handle: async (input, ctx) => {
    const u = await requireEntity(ctx.deps, ctx.caller.accountId, 'user', input.UserName);
    const { page, ...rest } = pageOf((await ctx.deps.store.repos.entities.groupsOfUser(u.id)).map(groupOut), input.Marker, input.MaxItems);
    return { Groups: page, ...rest };
  },
});
