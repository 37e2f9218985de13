import { defineOperation } from '../../operation.js';
import { limitExceeded } from '../errors.js';
import { loadProfile, profileCheck, requireProfile, type ProfileTarget } from '../instanceProfiles.js';
import { requireEntity } from '../lookups.js';
import { refuseServiceLinked } from '../serviceLinked.js';
import { entityCheck, loadEntity, type EntityTarget } from '../targets.js';

/**
 * iam:AddRoleToInstanceProfile — a profile holds at most one role (LimitExceeded
 * InstanceSessionsPerInstanceProfile: 1, also for the same role again). As on AWS, the caller also needs
 * iam:PassRole on the role.
 */
export default defineOperation<{ InstanceProfileName: string; RoleName: string }, undefined, { profile: ProfileTarget; role: EntityTarget }>({
  service: 'iam',
  name: 'AddRoleToInstanceProfile',
  prepare: async (input, ctx) => ({ profile: await loadProfile(ctx, input.InstanceProfileName), role: await loadEntity(ctx, 'role', input.RoleName) }),
  checks: (_input, _ctx, t) => [profileCheck(t.profile, 'iam:AddRoleToInstanceProfile'), entityCheck(t.role, 'iam:PassRole')],
  handle: async (input, ctx, t) => {
    const p = requireProfile(t.profile);
    const role = await requireEntity(ctx.deps, ctx.caller.accountId, 'role', input.RoleName);
    refuseServiceLinked(role);
    const quota = () => limitExceeded('Cannot exceed quota for InstanceSessionsPerInstanceProfile: 1');
    if (p.role_id) throw quota();
    if (!(await ctx.deps.store.repos.instanceProfiles.setRole(p.id, role.id, null))) throw quota();
    return undefined;
  },
});
