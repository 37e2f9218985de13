import { defineOperation } from '../../operation.js';
import { requireEntity } from '../lookups.js';
import { groupOut, userOut } from '../model.js';
import { pageOf } from '../util.js';
import { entityCheck, loadEntity, type EntityTarget } from '../targets.js';

/** iam:GetGroup — the group and its users, paginated. */
export default defineOperation<{ GroupName: string; Marker?: string; MaxItems?: number }, Record<string, unknown>, EntityTarget>({
  service: 'iam',
  name: 'GetGroup',
  prepare: (input, ctx) => loadEntity(ctx, 'group', input.GroupName),
  checks: (_input, _ctx, target) => [entityCheck(target, 'iam:GetGroup')],
  handle: async (input, ctx) => {
    const g = await requireEntity(ctx.deps, ctx.caller.accountId, 'group', input.GroupName);
    const users = (await ctx.deps.store.repos.entities.usersOfGroup(g.id)).map((u) => userOut(u, false));
    const { page, ...rest } = pageOf(users, input.Marker, input.MaxItems);
    return { Group: groupOut(g), Users: page, ...rest };
  },
});
