import { defineOperation } from '../../operation.js';
import { noSuchOidc } from './GetOpenIDConnectProvider.js';

/** iam:DeleteOpenIDConnectProvider */
export default defineOperation<{ OpenIDConnectProviderArn: string }, undefined>({
  service: 'iam',
  name: 'DeleteOpenIDConnectProvider',
  checks: (input) => [{ action: 'iam:DeleteOpenIDConnectProvider', resource: input.OpenIDConnectProviderArn }],
  handle: async (input, ctx) => {
    if (!(await ctx.deps.store.repos.providers.deleteOidc(ctx.caller.accountId, input.OpenIDConnectProviderArn))) throw noSuchOidc(input.OpenIDConnectProviderArn);
    return undefined;
  },
});
