import { defineOperation } from '../../operation.js';
import { limitExceeded } from '../errors.js';
import { loadOidc, oidcCheck, requireOidc, type OidcTarget } from '../oidcTarget.js';

/** AWS's quota of client ids (audiences) per OpenID Connect provider. */
export const CLIENT_IDS_MAX = 100;

/** iam:AddClientIDToOpenIDConnectProvider — adding a client id already registered changes nothing, as on AWS. */
export default defineOperation<{ OpenIDConnectProviderArn: string; ClientID: string }, undefined, OidcTarget>({
  service: 'iam',
  name: 'AddClientIDToOpenIDConnectProvider',
  prepare: (input, ctx) => loadOidc(ctx, input.OpenIDConnectProviderArn),
  checks: (_input, _ctx, t) => [oidcCheck(t, 'iam:AddClientIDToOpenIDConnectProvider')],
  handle: async (input, ctx, t) => {
    const ids = JSON.parse(requireOidc(t).client_ids) as string[];
    if (ids.includes(input.ClientID)) return undefined;
    if (ids.length >= CLIENT_IDS_MAX) throw limitExceeded(`Cannot exceed quota for ClientIdsPerOpenIdConnectProvider: ${CLIENT_IDS_MAX}`);
    await ctx.deps.store.repos.providers.updateOidcLists(t.arn, { clientIds: [...ids, input.ClientID] });
    return undefined;
  },
});
