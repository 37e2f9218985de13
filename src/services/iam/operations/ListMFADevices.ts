import { defineQueryOperation } from '../../operation.js';
import { requireEntity, userTarget, userTargetCheck } from '../lookups.js';
import { pageOf } from '../util.js';

/** iam:ListMFADevices — the user's (or, for the root without UserName, the root's) enabled devices. */
export default defineQueryOperation<{ UserName?: string; Marker?: string; MaxItems?: number }, Record<string, unknown>>({
  service: 'iam',
  name: 'ListMFADevices',
  authorize: async (input, ctx) => [await userTargetCheck(ctx, 'iam:ListMFADevices', input.UserName)],
  handle: async (input, ctx) => {
    const t = userTarget(input.UserName, ctx.caller);
    const u = t.kind === 'user' ? await requireEntity(ctx.deps, ctx.caller.accountId, 'user', t.name) : undefined;
    const rows = await ctx.deps.store.repos.mfaDevices.listOfUser(u ? u.id : ctx.caller.accountId);
    const devices = rows.map((d) => ({ UserName: u?.name ?? ctx.caller.accountId, SerialNumber: d.serial, EnableDate: d.enable_date ?? d.created_at }));
    const { page, ...rest } = pageOf(devices, input.Marker, input.MaxItems);
    return { MFADevices: page, ...rest };
  },
});
