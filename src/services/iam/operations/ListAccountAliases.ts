import { defineOperation } from '../../operation.js';
import { star } from '../lookups.js';
import { pageOf } from '../util.js';

/** iam:ListAccountAliases */
export default defineOperation<{ Marker?: string; MaxItems?: number }, Record<string, unknown>>({
  service: 'iam',
  name: 'ListAccountAliases',
  checks: () => [star('iam:ListAccountAliases')],
  handle: async (input, ctx) => {
    const rows = await ctx.deps.store.db.selectFrom('iam_account_aliases').select('alias').where('account_id', '=', ctx.caller.accountId).execute();
    const { page, ...rest } = pageOf(rows.map((r) => r.alias), input.Marker, input.MaxItems);
    return { AccountAliases: page, ...rest };
  },
});
