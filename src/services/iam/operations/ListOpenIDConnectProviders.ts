import { defineOperation } from '../../operation.js';
import { star } from '../lookups.js';

/** iam:ListOpenIDConnectProviders */
export default defineOperation<Record<string, never>, Record<string, unknown>>({
  service: 'iam',
  name: 'ListOpenIDConnectProviders',
  checks: () => [star('iam:ListOpenIDConnectProviders')],
  handle: async (_input, ctx) => {
    const rows = await ctx.deps.store.db.selectFrom('iam_oidc_providers').select('arn').where('account_id', '=', ctx.caller.accountId).orderBy('arn').execute();
    return { OpenIDConnectProviderList: rows.map((r) => ({ Arn: r.arn })) };
  },
});
