import { defineOperation } from '../../operation.js';
import { alreadyExists, isUniqueViolation } from '../errors.js';
import { star } from '../lookups.js';

/** iam:CreateAccountAlias — one alias per account (a new one replaces it), unique across the server. */
export default defineOperation<{ AccountAlias: string }, undefined>({
  service: 'iam',
  name: 'CreateAccountAlias',
  checks: () => [star('iam:CreateAccountAlias')],
  handle: async (input, ctx) => {
    try {
      await ctx.deps.store.repos.accountSettings.setAlias(ctx.caller.accountId, input.AccountAlias);
    } catch (e) {
      if (isUniqueViolation(e)) throw alreadyExists(`The account alias ${input.AccountAlias} already exists.`);
      throw e;
    }
    return undefined;
  },
});
