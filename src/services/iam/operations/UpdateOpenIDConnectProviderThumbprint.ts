import { defineOperation } from '../../operation.js';
import { invalidInput } from '../errors.js';
import { loadOidc, oidcCheck, requireOidc, type OidcTarget } from '../oidcTarget.js';

/** iam:UpdateOpenIDConnectProviderThumbprint — replaces the whole list (at most five SHA-1 hex thumbprints). */
export default defineOperation<{ OpenIDConnectProviderArn: string; ThumbprintList: string[] }, undefined, OidcTarget>({
  service: 'iam',
  name: 'UpdateOpenIDConnectProviderThumbprint',
  prepare: (input, ctx) => loadOidc(ctx, input.OpenIDConnectProviderArn),
  checks: (_input, _ctx, t) => [oidcCheck(t, 'iam:UpdateOpenIDConnectProviderThumbprint')],
  handle: async (input, ctx, t) => {
    requireOidc(t);
    const thumbprints = input.ThumbprintList.map((x) => x.toLowerCase());
    if (thumbprints.some((x) => !/^[0-9a-f]{40}$/.test(x))) throw invalidInput('Thumbprint must be a 40-character hexadecimal string');
    if (thumbprints.length > 5) throw invalidInput('Thumbprint list must contain fewer than 5 entries');
    await ctx.deps.store.repos.providers.updateOidcLists(t.arn, { thumbprints: [...new Set(thumbprints)] });
    return undefined;
  },
});
