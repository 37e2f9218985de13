import { defineOperation } from '../../operation.js';
import { noSuchSaml } from '../errors.js';
import { loadSamlTags } from '../taggables.js';
import type { TagTarget } from '../tagging.js';
import { taggedCheck } from '../targets.js';

/** iam:DeleteSAMLProvider */
export default defineOperation<{ SAMLProviderArn: string }, undefined, TagTarget>({
  service: 'iam',
  name: 'DeleteSAMLProvider',
  prepare: (input, ctx) => loadSamlTags(ctx, input.SAMLProviderArn),
  checks: (_input, _ctx, target) => [taggedCheck('iam:DeleteSAMLProvider', target.arn, target.tags)],
  handle: async (input, ctx) => {
    if (!(await ctx.deps.store.repos.providers.deleteSaml(ctx.caller.accountId, input.SAMLProviderArn))) throw noSuchSaml(input.SAMLProviderArn);
    await ctx.deps.store.publish(`saml-provider:${input.SAMLProviderArn}`);
    return undefined;
  },
});
