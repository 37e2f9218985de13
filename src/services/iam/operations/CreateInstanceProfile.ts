import { newId } from '../../../core/ids.js';
import { defineOperation } from '../../operation.js';
import { isUniqueViolation, limitExceeded } from '../errors.js';
import { ProfileErrors, profileArn, profileOut } from '../instanceProfiles.js';
import { checkNewTags, tagContext, type Tag } from '../util.js';

/** AWS's default quota of instance profiles per account. */
export const INSTANCE_PROFILES_MAX = 1000;

/** iam:CreateInstanceProfile — an empty profile (AIPA id); the name is unique case-insensitively. */
export default defineOperation<{ InstanceProfileName: string; Path?: string; Tags?: Tag[] }, Record<string, unknown>>({
  service: 'iam',
  name: 'CreateInstanceProfile',
  checks: (input, { caller }) => [
    { action: 'iam:CreateInstanceProfile', resource: profileArn(caller.accountId, input.Path ?? '/', input.InstanceProfileName), context: tagContext(input.Tags) },
  ],
  handle: async (input, ctx) => {
    const tags = checkNewTags(input.Tags);
    if ((await ctx.deps.store.repos.instanceProfiles.count(ctx.caller.accountId)) >= INSTANCE_PROFILES_MAX)
      throw limitExceeded(`Cannot exceed quota for InstanceProfilesPerAccount: ${INSTANCE_PROFILES_MAX}`);
    const row = {
      id: newId('AIPA'),
      account_id: ctx.caller.accountId,
      name: input.InstanceProfileName,
      name_lc: input.InstanceProfileName.toLowerCase(),
      path: input.Path ?? '/',
      created_at: ctx.now,
      role_id: null,
      tags: JSON.stringify(tags),
    };
    try {
      await ctx.deps.store.repos.instanceProfiles.insert(row);
    } catch (e) {
      if (isUniqueViolation(e)) throw ProfileErrors.exists(input.InstanceProfileName);
      throw e;
    }
    return { InstanceProfile: await profileOut(ctx, row) };
  },
});
