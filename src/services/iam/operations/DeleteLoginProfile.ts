import { defineOperation } from '../../operation.js';
import { IamErrors } from '../errors.js';
import { requireEntity, userTarget } from '../lookups.js';
import { entityCheck, loadUserTarget, type EntityTarget, type RootTarget } from '../targets.js';

/** iam:DeleteLoginProfile — no UserName: the calling user's own (the model makes it optional). */
export default defineOperation<{ UserName?: string }, undefined, EntityTarget | RootTarget>({
  service: 'iam',
  name: 'DeleteLoginProfile',
  prepare: (input, ctx) => loadUserTarget(ctx, input.UserName),
  checks: (_input, _ctx, target) => [entityCheck(target, 'iam:DeleteLoginProfile')],
  handle: async (input, ctx) => {
    const t = userTarget(input.UserName, ctx.caller);
    if (t.kind === 'root') throw IamErrors.noSuchLoginProfile(ctx.caller.accountId);
    const u = await requireEntity(ctx.deps, ctx.caller.accountId, 'user', t.name);
    if (!(await ctx.deps.store.repos.loginProfiles.delete(u.id))) throw IamErrors.noSuchLoginProfile(u.name);
    return undefined;
  },
});
