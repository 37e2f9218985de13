import { defineOperation } from '../../operation.js';
import { star } from '../lookups.js';

/**
 * iam:SetSecurityTokenServicePreferences — the account's GlobalEndpointTokenVersion (v1Token, v2Token),
 * reported by GetAccountSummary. Tessera's session tokens are valid in every region either way.
 */
export default defineOperation<{ GlobalEndpointTokenVersion: 'v1Token' | 'v2Token' }, undefined>({
  service: 'iam',
  name: 'SetSecurityTokenServicePreferences',
  checks: () => [star('iam:SetSecurityTokenServicePreferences')],
  handle: async (input, ctx) => {
    await ctx.deps.store.repos.accountOptions.setTokenVersion(ctx.caller.accountId, input.GlobalEndpointTokenVersion);
    return undefined;
  },
});
