import { defineOperation } from '../../operation.js';
import { star } from '../lookups.js';

/** iam:ListOpenIDConnectProviders */
export default defineOperation<Record<string, never>, Record<string, unknown>>({
  service: 'iam',
  name: 'ListOpenIDConnectProviders',
  checks: () => [star('iam:ListOpenIDConnectProviders')],
  handle: async (_input, ctx) => {
    const rows = await ctx.deps.store.repos.providers.listOidc(ctx.caller.accountId);
    return { OpenIDConnectProviderList: rows.map((r) => ({ Arn: r.arn })) };
  },
});
