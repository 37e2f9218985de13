import { defineOperation } from '../../operation.js';
import { limitExceeded } from '../errors.js';
import { loadProfile, profileCheck, requireProfile, type ProfileTarget } from '../instanceProfiles.js';
import { requireEntity } from '../lookups.js';
import { refuseServiceLinked } from '../serviceLinked.js';

/**
 * iam:AddRoleToInstanceProfile — a profile holds at most one role (LimitExceeded
 * InstanceSessionsPerInstanceProfile: 1, also for the same role again). AWS also requires iam:PassRole on the
 * role for this call.
 */
export default defineOperation<{ InstanceProfileName: string; RoleName: string }, undefined, ProfileTarget>({
  service: 'iam',
  name: 'AddRoleToInstanceProfile',
  prepare: (input, ctx) => loadProfile(ctx, input.InstanceProfileName),
  checks: (_input, _ctx, t) => [profileCheck(t, 'iam:AddRoleToInstanceProfile')],
  handle: async (input, ctx, t) => {
    const p = requireProfile(t);
    const role = await requireEntity(ctx.deps, ctx.caller.accountId, 'role', input.RoleName);
    refuseServiceLinked(role);
    const quota = () => limitExceeded('Cannot exceed quota for InstanceSessionsPerInstanceProfile: 1');
    if (p.role_id) throw quota();
    if (!(await ctx.deps.store.repos.instanceProfiles.setRole(p.id, role.id, null))) throw quota();
    return undefined;
  },
});
