import { defineQueryOperation } from '../../operation.js';
import { requireEntity, userTarget, userTargetCheck } from '../lookups.js';
import { notOnUser, requireDevice } from '../mfaOps.js';

/** iam:GetMFADevice — an enabled device of the user (or of the caller). */
export default defineQueryOperation<{ SerialNumber: string; UserName?: string }, Record<string, unknown>>({
  service: 'iam',
  name: 'GetMFADevice',
  authorize: async (input, ctx) => [await userTargetCheck(ctx, 'iam:GetMFADevice', input.UserName)],
  handle: async (input, ctx) => {
    const t = userTarget(input.UserName, ctx.caller);
    const u = t.kind === 'user' ? await requireEntity(ctx.deps, ctx.caller.accountId, 'user', t.name) : undefined;
    const d = await requireDevice(ctx, input.SerialNumber);
    if (d.user_id !== (u ? u.id : ctx.caller.accountId)) throw notOnUser(input.SerialNumber);
    return { ...(u ? { UserName: u.name } : {}), SerialNumber: d.serial, EnableDate: d.enable_date ?? d.created_at };
  },
});
