import { defineOperation } from '../../operation.js';
import { noSuchOidc } from '../errors.js';
import { loadOidcTags } from '../taggables.js';
import type { TagTarget } from '../tagging.js';
import { taggedCheck } from '../targets.js';

/** iam:DeleteOpenIDConnectProvider */
export default defineOperation<{ OpenIDConnectProviderArn: string }, undefined, TagTarget>({
  service: 'iam',
  name: 'DeleteOpenIDConnectProvider',
  prepare: (input, ctx) => loadOidcTags(ctx, input.OpenIDConnectProviderArn),
  checks: (_input, _ctx, target) => [taggedCheck('iam:DeleteOpenIDConnectProvider', target.arn, target.tags)],
  handle: async (input, ctx) => {
    if (!(await ctx.deps.store.repos.providers.deleteOidc(ctx.caller.accountId, input.OpenIDConnectProviderArn))) throw noSuchOidc(input.OpenIDConnectProviderArn);
    return undefined;
  },
});
