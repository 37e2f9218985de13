import { defineOperation } from '../../operation.js';
import { noSuchEntity } from '../errors.js';
import { star } from '../lookups.js';

/** iam:DeleteAccountAlias */
export default defineOperation<{ AccountAlias: string }, undefined>({
  service: 'iam',
  name: 'DeleteAccountAlias',
  checks: () => [star('iam:DeleteAccountAlias')],
  handle: async (input, ctx) => {
    const r = await ctx.deps.store.db
      .deleteFrom('iam_account_aliases')
      .where('account_id', '=', ctx.caller.accountId)
      .where('alias', '=', input.AccountAlias)
      .executeTakeFirst();
    if (Number(r.numDeletedRows) === 0) throw noSuchEntity(`The account alias ${input.AccountAlias} cannot be found.`);
    return undefined;
  },
});
