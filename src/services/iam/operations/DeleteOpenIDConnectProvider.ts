import { defineQueryOperation } from '../../operation.js';
import { noSuchOidc } from './GetOpenIDConnectProvider.js';

/** iam:DeleteOpenIDConnectProvider */
export default defineQueryOperation<{ OpenIDConnectProviderArn: string }, undefined>({
  service: 'iam',
  name: 'DeleteOpenIDConnectProvider',
  authorize: (input) => [{ action: 'iam:DeleteOpenIDConnectProvider', resource: input.OpenIDConnectProviderArn }],
  handle: async (input, ctx) => {
    const r = await ctx.deps.store.db
      .deleteFrom('iam_oidc_providers')
      .where('arn', '=', input.OpenIDConnectProviderArn)
      .where('account_id', '=', ctx.caller.accountId)
      .executeTakeFirst();
    if (Number(r.numDeletedRows) === 0) throw noSuchOidc(input.OpenIDConnectProviderArn);
    return undefined;
  },
});
