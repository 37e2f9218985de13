import { defineOperation } from '../../operation.js';
import { loadOidc, oidcCheck, requireOidc, type OidcTarget } from '../oidcTarget.js';

/** iam:RemoveClientIDFromOpenIDConnectProvider — idempotent: removing an absent client id succeeds, as on AWS. */
export default defineOperation<{ OpenIDConnectProviderArn: string; ClientID: string }, undefined, OidcTarget>({
  service: 'iam',
  name: 'RemoveClientIDFromOpenIDConnectProvider',
  prepare: (input, ctx) => loadOidc(ctx, input.OpenIDConnectProviderArn),
  checks: (_input, _ctx, t) => [oidcCheck(t, 'iam:RemoveClientIDFromOpenIDConnectProvider')],
  handle: async (input, ctx, t) => {
    const ids = JSON.parse(requireOidc(t).client_ids) as string[];
    if (ids.includes(input.ClientID)) await ctx.deps.store.repos.providers.updateOidcLists(t.arn, { clientIds: ids.filter((c) => c !== input.ClientID) });
    return undefined;
  },
});
