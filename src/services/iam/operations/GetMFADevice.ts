import { defineOperation } from '../../operation.js';
import { requireEntity, userTarget } from '../lookups.js';
import { notOnUser, requireDevice } from '../mfaOps.js';
import { entityCheck, loadUserTarget, type EntityTarget, type RootTarget } from '../targets.js';

/** iam:GetMFADevice — an enabled device of the user (or of the caller). */
export default defineOperation<{ SerialNumber: string; UserName?: string }, Record<string, unknown>, EntityTarget | RootTarget>({
  service: 'iam',
  name: 'GetMFADevice',
  prepare: (input, ctx) => loadUserTarget(ctx, input.UserName),
  checks: (_input, _ctx, target) => [entityCheck(target, 'iam:GetMFADevice')],
  handle: async (input, ctx) => {
    const t = userTarget(input.UserName, ctx.caller);
    const u = t.kind === 'user' ? await requireEntity(ctx.deps, ctx.caller.accountId, 'user', t.name) : undefined;
    const d = await requireDevice(ctx, input.SerialNumber);
    if (d.user_id !== (u ? u.id : ctx.caller.accountId)) throw notOnUser(input.SerialNumber);
    return { ...(u ? { UserName: u.name } : {}), SerialNumber: d.serial, EnableDate: d.enable_date ?? d.created_at };
  },
});
