import { defineOperation } from '../../operation.js';
import { loadProfile, profileCheck, profileOut, requireProfile, type ProfileTarget } from '../instanceProfiles.js';

/** iam:GetInstanceProfile — the profile with its role and tags. */
export default defineOperation<{ InstanceProfileName: string }, Record<string, unknown>, ProfileTarget>({
  service: 'iam',
  name: 'GetInstanceProfile',
  prepare: (input, ctx) => loadProfile(ctx, input.InstanceProfileName),
  checks: (_input, _ctx, t) => [profileCheck(t, 'iam:GetInstanceProfile')],
  handle: async (_input, ctx, t) => ({ InstanceProfile: await profileOut(ctx, requireProfile(t)) }),
});
