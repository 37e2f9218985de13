import { defineOperation } from '../../operation.js';
import { loadProfile, profileCheck, requireProfile, type ProfileTarget } from '../instanceProfiles.js';
import { pageOf, parseTags } from '../util.js';

/** iam:ListInstanceProfileTags */
export default defineOperation<{ InstanceProfileName: string; Marker?: string; MaxItems?: number }, Record<string, unknown>, ProfileTarget>({
  service: 'iam',
  name: 'ListInstanceProfileTags',
  prepare: (input, ctx) => loadProfile(ctx, input.InstanceProfileName),
  checks: (_input, _ctx, t) => [profileCheck(t, 'iam:ListInstanceProfileTags')],
  handle: async (input, _ctx, t) => {
    const { page, ...rest } = pageOf(parseTags(requireProfile(t).tags), input.Marker, input.MaxItems);
    return { Tags: page, ...rest };
  },
});
