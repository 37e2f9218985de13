import { defineOperation } from '../../operation.js';
import { star } from '../lookups.js';

/** iam:ListSAMLProviders */
export default defineOperation<Record<string, never>, Record<string, unknown>>({
  service: 'iam',
  name: 'ListSAMLProviders',
  checks: () => [star('iam:ListSAMLProviders')],
  handle: async (_input, ctx) => {
    const rows = await ctx.deps.store.repos.providers.listSaml(ctx.caller.accountId);
    return { SAMLProviderList: rows.map((r) => ({ Arn: r.arn, ValidUntil: r.valid_until, CreateDate: r.created_at })) };
  },
});
