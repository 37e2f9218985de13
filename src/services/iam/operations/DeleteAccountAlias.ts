import { defineOperation } from '../../operation.js';
import { noSuchEntity } from '../errors.js';
import { star } from '../lookups.js';

/** iam:DeleteAccountAlias */
export default defineOperation<{ AccountAlias: string }, undefined>({
  service: 'iam',
  name: 'DeleteAccountAlias',
  checks: () => [star('iam:DeleteAccountAlias')],
  handle: async (input, ctx) => {
    if (!(await ctx.deps.store.repos.accountSettings.deleteAlias(ctx.caller.accountId, input.AccountAlias))) throw noSuchEntity(`The account alias ${input.AccountAlias} cannot be found.`);
    return undefined;
  },
});
