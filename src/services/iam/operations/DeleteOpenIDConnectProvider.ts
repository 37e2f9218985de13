import { defineOperation } from '../../operation.js';
import { noSuchOidc } from './GetOpenIDConnectProvider.js';

/** iam:DeleteOpenIDConnectProvider */
export default defineOperation<{ OpenIDConnectProviderArn: string }, undefined>({
  service: 'iam',
  name: 'DeleteOpenIDConnectProvider',
  checks: (input) => [{ action: 'iam:DeleteOpenIDConnectProvider', resource: input.OpenIDConnectProviderArn }],
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
