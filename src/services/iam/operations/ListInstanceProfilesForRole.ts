import { defineOperation } from '../../operation.js';
import { profileOut } from '../instanceProfiles.js';
import { requireEntity } from '../lookups.js';
import { entityCheck, loadEntity, type EntityTarget } from '../targets.js';
import { pageOf } from '../util.js';

/** iam:ListInstanceProfilesForRole — the profiles holding the role, in name order. */
export default defineOperation<{ RoleName: string; Marker?: string; MaxItems?: number }, Record<string, unknown>, EntityTarget>({
  service: 'iam',
  name: 'ListInstanceProfilesForRole',
  prepare: (input, ctx) => loadEntity(ctx, 'role', input.RoleName),
  checks: (_input, _ctx, target) => [entityCheck(target, 'iam:ListInstanceProfilesForRole')],
  handle: async (input, ctx) => {
    const role = await requireEntity(ctx.deps, ctx.caller.accountId, 'role', input.RoleName);
    const rows = await ctx.deps.store.repos.instanceProfiles.ofRole(role.id);
    const { page, ...rest } = pageOf(rows, input.Marker, input.MaxItems);
    return { InstanceProfiles: await Promise.all(page.map((p) => profileOut(ctx, p, false))), ...rest };
  },
});
