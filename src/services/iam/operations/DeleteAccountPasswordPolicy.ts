import { defineOperation } from '../../operation.js';
import { noPasswordPolicy } from '../logins.js';
import { star } from '../lookups.js';

/** iam:DeleteAccountPasswordPolicy */
export default defineOperation<Record<string, never>, undefined>({
  service: 'iam',
  name: 'DeleteAccountPasswordPolicy',
  checks: () => [star('iam:DeleteAccountPasswordPolicy')],
  handle: async (_input, ctx) => {
    if (!(await ctx.deps.store.repos.accountSettings.deletePasswordPolicy(ctx.caller.accountId))) throw noPasswordPolicy(ctx.caller.accountId);
    return undefined;
  },
});
