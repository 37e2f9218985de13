import { defineOperation } from '../../operation.js';
import { deleteConflict } from '../errors.js';
import { loadProfile, profileCheck, requireProfile, type ProfileTarget } from '../instanceProfiles.js';

/** iam:DeleteInstanceProfile — refused (DeleteConflict) while it holds a role. */
export default defineOperation<{ InstanceProfileName: string }, undefined, ProfileTarget>({
  service: 'iam',
  name: 'DeleteInstanceProfile',
  prepare: (input, ctx) => loadProfile(ctx, input.InstanceProfileName),
  checks: (_input, _ctx, t) => [profileCheck(t, 'iam:DeleteInstanceProfile')],
  handle: async (_input, ctx, t) => {
    const p = requireProfile(t);
    if (p.role_id) throw deleteConflict('Cannot delete entity, must remove roles from instance profile first.');
    await ctx.deps.store.repos.instanceProfiles.delete(p.id);
    return undefined;
  },
});
