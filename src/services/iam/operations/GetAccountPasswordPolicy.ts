import { defineOperation } from '../../operation.js';
import { accountPasswordPolicy, noPasswordPolicy } from '../logins.js';
import { star } from '../lookups.js';

/** iam:GetAccountPasswordPolicy — NoSuchEntity when the account has none (AWS's default rules then apply). */
export default defineOperation<Record<string, never>, Record<string, unknown>>({
  service: 'iam',
  name: 'GetAccountPasswordPolicy',
  checks: () => [star('iam:GetAccountPasswordPolicy')],
  handle: async (_input, ctx) => {
    const p = await accountPasswordPolicy(ctx);
    if (!p) throw noPasswordPolicy(ctx.caller.accountId);
    return { PasswordPolicy: p };
  },
});
