import { defineQueryOperation } from '../../operation.js';
import { IamErrors } from '../errors.js';
import { getLoginProfile } from '../logins.js';
import { requireEntity, userTarget, userTargetCheck } from '../lookups.js';

/** iam:GetLoginProfile — whether the user has a console password (never the password). */
export default defineQueryOperation<{ UserName?: string }, Record<string, unknown>>({
  service: 'iam',
  name: 'GetLoginProfile',
  authorize: async (input, ctx) => [await userTargetCheck(ctx, 'iam:GetLoginProfile', input.UserName)],
  handle: async (input, ctx) => {
    const t = userTarget(input.UserName, ctx.caller);
    if (t.kind === 'root') throw IamErrors.noSuchLoginProfile(ctx.caller.accountId);
    const u = await requireEntity(ctx.deps, ctx.caller.accountId, 'user', t.name);
    const p = await getLoginProfile(ctx, u.id);
    if (!p) throw IamErrors.noSuchLoginProfile(u.name);
    return { LoginProfile: { UserName: u.name, CreateDate: p.created_at, PasswordResetRequired: p.reset_required === 1 } };
  },
});
