import { defineOperation } from '../../operation.js';
import { noSuchSaml } from './GetSAMLProvider.js';

/** iam:DeleteSAMLProvider */
export default defineOperation<{ SAMLProviderArn: string }, undefined>({
  service: 'iam',
  name: 'DeleteSAMLProvider',
  checks: (input) => [{ action: 'iam:DeleteSAMLProvider', resource: input.SAMLProviderArn }],
  handle: async (input, ctx) => {
    if (!(await ctx.deps.store.repos.providers.deleteSaml(ctx.caller.accountId, input.SAMLProviderArn))) throw noSuchSaml(input.SAMLProviderArn);
    await ctx.deps.store.publish(`saml-provider:${input.SAMLProviderArn}`);
    return undefined;
  },
});
