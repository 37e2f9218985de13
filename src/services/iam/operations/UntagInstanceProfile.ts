import { defineOperation } from '../../operation.js';
import { loadProfile, profileCheck, requireProfile, type ProfileTarget } from '../instanceProfiles.js';
import { parseTags } from '../util.js';

/** iam:UntagInstanceProfile — keys that are absent are ignored, as AWS does. */
export default defineOperation<{ InstanceProfileName: string; TagKeys: string[] }, undefined, ProfileTarget>({
  service: 'iam',
  name: 'UntagInstanceProfile',
  prepare: (input, ctx) => loadProfile(ctx, input.InstanceProfileName),
  checks: (input, _ctx, t) => [profileCheck(t, 'iam:UntagInstanceProfile', { 'aws:TagKeys': input.TagKeys })],
  handle: async (input, ctx, t) => {
    const p = requireProfile(t);
    const drop = new Set(input.TagKeys);
    await ctx.deps.store.repos.instanceProfiles.setTags(p.id, JSON.stringify(parseTags(p.tags).filter((x) => !drop.has(x.Key))));
    return undefined;
  },
});
