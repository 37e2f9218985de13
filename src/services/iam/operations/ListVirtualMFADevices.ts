import { defineOperation } from '../../operation.js';
import { star } from '../lookups.js';
import { userOut } from '../model.js';
import { pageOf, parseTags } from '../util.js';

/** iam:ListVirtualMFADevices — AssignmentStatus Assigned / Unassigned / Any (default). No seeds. */
export default defineOperation<{ AssignmentStatus?: 'Assigned' | 'Unassigned' | 'Any'; Marker?: string; MaxItems?: number }, Record<string, unknown>>({
  service: 'iam',
  name: 'ListVirtualMFADevices',
  checks: () => [star('iam:ListVirtualMFADevices')],
  handle: async (input, ctx) => {
    const rows = await ctx.deps.store.repos.mfaDevices.listInAccount(ctx.caller.accountId, input.AssignmentStatus);
    const { page, ...rest } = pageOf(rows, input.Marker, input.MaxItems);
    const out = [];
    for (const d of page) {
      const u = d.user_id ? await ctx.deps.store.repos.entities.getById(d.user_id) : undefined;
      const tags = parseTags(d.tags);
      out.push({
        SerialNumber: d.serial,
        ...(u ? { User: userOut(u, false) } : d.user_id ? { User: { UserId: d.user_id, Arn: `arn:aws:iam::${d.account_id}:root`, CreateDate: d.created_at } } : {}),
        ...(d.enable_date !== null ? { EnableDate: d.enable_date } : {}),
        ...(tags.length ? { Tags: tags } : {}),
      });
    }
    return { VirtualMFADevices: out, ...rest };
  },
});
