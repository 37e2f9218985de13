import { defineOperation } from '../../operation.js';
import { noSuchSaml } from './GetSAMLProvider.js';

/** iam:DeleteSAMLProvider */
export default defineOperation<{ SAMLProviderArn: string }, undefined>({
  service: 'iam',
  name: 'DeleteSAMLProvider',
  checks: (input) => [{ action: 'iam:DeleteSAMLProvider', resource: input.SAMLProviderArn }],
  handle: async (input, ctx) => {
    const r = await ctx.deps.store.db
      .deleteFrom('iam_saml_providers')
      .where('arn', '=', input.SAMLProviderArn)
      .where('account_id', '=', ctx.caller.accountId)
      .executeTakeFirst();
    if (Number(r.numDeletedRows) === 0) throw noSuchSaml(input.SAMLProviderArn);
    await ctx.deps.store.publish(`saml-provider:${input.SAMLProviderArn}`);
    return undefined;
  },
});
