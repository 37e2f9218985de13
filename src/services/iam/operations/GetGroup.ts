import { defineQueryOperation } from '../../operation.js';
import { entityCheck, requireEntity } from '../lookups.js';
import { groupOut, userOut } from '../model.js';
import { pageOf } from '../util.js';

/** iam:GetGroup — the group and its users, paginated. */
export default defineQueryOperation<{ GroupName: string; Marker?: string; MaxItems?: number }, Record<string, unknown>>({
  service: 'iam',
  name: 'GetGroup',
  authorize: async (input, ctx) => [await entityCheck(ctx, 'iam:GetGroup', 'group', input.GroupName)],
  handle: async (input, ctx) => {
    const g = await requireEntity(ctx.deps, ctx.caller.accountId, 'group', input.GroupName);
    const users = (await ctx.deps.store.repos.entities.usersOfGroup(g.id)).map((u) => userOut(u, false));
    const { page, ...rest } = pageOf(users, input.Marker, input.MaxItems);
    return { Group: groupOut(g), Users: page, ...rest };
  },
});
