import { defineOperation } from '../../operation.js';
import { requireEntity, userTarget } from '../lookups.js';
import { pageOf } from '../util.js';
import { entityCheck, loadUserTarget, type EntityTarget, type RootTarget } from '../targets.js';

/** iam:ListMFADevices — the user's (or, for the root without UserName, the root's) enabled devices. */
export default defineOperation<{ UserName?: string; Marker?: string; MaxItems?: number }, Record<string, unknown>, EntityTarget | RootTarget>({
  service: 'iam',
  name: 'ListMFADevices',
  prepare: (input, ctx) => loadUserTarget(ctx, input.UserName),
  checks: (_input, _ctx, target) => [entityCheck(target, 'iam:ListMFADevices')],
  handle: async (input, ctx) => {
    const t = userTarget(input.UserName, ctx.caller);
    const u = t.kind === 'user' ? await requireEntity(ctx.deps, ctx.caller.accountId, 'user', t.name) : undefined;
    const rows = await ctx.deps.store.repos.mfaDevices.listOfUser(u ? u.id : ctx.caller.accountId);
    const devices = rows.map((d) => ({ UserName: u?.name ?? ctx.caller.accountId, SerialNumber: d.serial, EnableDate: d.enable_date ?? d.created_at }));
    const { page, ...rest } = pageOf(devices, input.Marker, input.MaxItems);
    return { MFADevices: page, ...rest };
  },
});
