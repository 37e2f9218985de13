import { defineQueryOperation } from '../../operation.js';
import { IamErrors } from '../errors.js';
import { requireEntity, userTarget, userTargetCheck } from '../lookups.js';

/** iam:DeleteLoginProfile — no UserName: the calling user's own (the model makes it optional). */
export default defineQueryOperation<{ UserName?: string }, undefined>({
  service: 'iam',
  name: 'DeleteLoginProfile',
  authorize: async (input, ctx) => [await userTargetCheck(ctx, 'iam:DeleteLoginProfile', input.UserName)],
  handle: async (input, ctx) => {
    const t = userTarget(input.UserName, ctx.caller);
    if (t.kind === 'root') throw IamErrors.noSuchLoginProfile(ctx.caller.accountId);
    const u = await requireEntity(ctx.deps, ctx.caller.accountId, 'user', t.name);
    if (!(await ctx.deps.store.repos.loginProfiles.delete(u.id))) throw IamErrors.noSuchLoginProfile(u.name);
    return undefined;
  },
});
