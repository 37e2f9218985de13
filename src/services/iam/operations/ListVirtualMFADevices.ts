import { getEntityById } from '../../../store/repos/iamEntities.js';
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
    let q = ctx.deps.store.db.selectFrom('iam_mfa_devices').selectAll().where('account_id', '=', ctx.caller.accountId);
    if (input.AssignmentStatus === 'Assigned') q = q.where('user_id', 'is not', null);
    if (input.AssignmentStatus === 'Unassigned') q = q.where('user_id', 'is', null);
    const rows = await q.orderBy('serial').execute();
    const { page, ...rest } = pageOf(rows, input.Marker, input.MaxItems);
    const out = [];
    for (const d of page) {
      const u = d.user_id ? await getEntityById(ctx.deps.store.db, d.user_id) : undefined;
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
