import { defineOperation } from '../../operation.js';
import { noPasswordPolicy } from '../logins.js';
import { star } from '../lookups.js';

/** iam:DeleteAccountPasswordPolicy */
export default defineOperation<Record<string, never>, undefined>({
  service: 'iam',
  name: 'DeleteAccountPasswordPolicy',
  checks: () => [star('iam:DeleteAccountPasswordPolicy')],
  handle: async (_input, ctx) => {
    const r = await ctx.deps.store.db.deleteFrom('iam_password_policies').where('account_id', '=', ctx.caller.accountId).executeTakeFirst();
    if (Number(r.numDeletedRows) === 0) throw noPasswordPolicy(ctx.caller.accountId);
    return undefined;
  },
});
