import { defineOperation } from '../../operation.js';
import { loadProfile, profileCheck, requireProfile, type ProfileTarget } from '../instanceProfiles.js';
import { checkNewTags, mergeTags, parseTags, tagContext, type Tag } from '../util.js';

/** iam:TagInstanceProfile — adds or replaces tags by key (at most 50). */
export default defineOperation<{ InstanceProfileName: string; Tags: Tag[] }, undefined, ProfileTarget>({
  service: 'iam',
  name: 'TagInstanceProfile',
  prepare: (input, ctx) => loadProfile(ctx, input.InstanceProfileName),
  checks: (input, _ctx, t) => [profileCheck(t, 'iam:TagInstanceProfile', tagContext(input.Tags))],
  handle: async (input, ctx, t) => {
    const p = requireProfile(t);
    await ctx.deps.store.repos.instanceProfiles.setTags(p.id, JSON.stringify(mergeTags(parseTags(p.tags), checkNewTags(input.Tags))));
    return undefined;
  },
});
