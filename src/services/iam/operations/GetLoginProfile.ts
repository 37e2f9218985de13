import { defineOperation } from '../../operation.js';
import { IamErrors } from '../errors.js';
import { getLoginProfile } from '../logins.js';
import { requireEntity, userTarget } from '../lookups.js';
import { entityCheck, loadUserTarget, type EntityTarget, type RootTarget } from '../targets.js';

/** iam:GetLoginProfile — whether the user has a console password (never the password). */
export default defineOperation<{ UserName?: string }, Record<string, unknown>, EntityTarget | RootTarget>({
  service: 'iam',
  name: 'GetLoginProfile',
  prepare: (input, ctx) => loadUserTarget(ctx, input.UserName),
  checks: (_input, _ctx, target) => [entityCheck(target, 'iam:GetLoginProfile')],
  handle: async (input, ctx) => {
    const t = userTarget(input.UserName, ctx.caller);
    if (t.kind === 'root') throw IamErrors.noSuchLoginProfile(ctx.caller.accountId);
    const u = await requireEntity(ctx.deps, ctx.caller.accountId, 'user', t.name);
    const p = await getLoginProfile(ctx, u.id);
    if (!p) throw IamErrors.noSuchLoginProfile(u.name);
    return { LoginProfile: { UserName: u.name, CreateDate: p.created_at, PasswordResetRequired: p.reset_required === 1 } };
  },
});
