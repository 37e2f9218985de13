import { defineOperation } from '../../operation.js';
import { noSuchEntity } from '../errors.js';
import { loadProfile, profileCheck, requireProfile, type ProfileTarget } from '../instanceProfiles.js';
import { requireEntity } from '../lookups.js';
import { refuseServiceLinked } from '../serviceLinked.js';

/** iam:RemoveRoleFromInstanceProfile — NoSuchEntity when the profile does not hold that role. */
export default defineOperation<{ InstanceProfileName: string; RoleName: string }, undefined, ProfileTarget>({
  service: 'iam',
  name: 'RemoveRoleFromInstanceProfile',
  prepare: (input, ctx) => loadProfile(ctx, input.InstanceProfileName),
  checks: (_input, _ctx, t) => [profileCheck(t, 'iam:RemoveRoleFromInstanceProfile')],
  handle: async (input, ctx, t) => {
    const p = requireProfile(t);
    const role = await requireEntity(ctx.deps, ctx.caller.accountId, 'role', input.RoleName);
    refuseServiceLinked(role);
    if (p.role_id !== role.id || !(await ctx.deps.store.repos.instanceProfiles.setRole(p.id, null, role.id)))
      throw noSuchEntity(`The role with name ${role.name} cannot be found in instance profile ${p.name}.`);
    return undefined;
  },
});
