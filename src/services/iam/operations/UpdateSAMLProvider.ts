import { defineOperation } from '../../operation.js';
import { getSamlRow } from '../providers.js';
import { parseSamlMetadata } from '../saml.js';
import { noSuchSaml } from '../errors.js';
import { loadSamlTags } from '../taggables.js';
import type { TagTarget } from '../tagging.js';
import { taggedCheck } from '../targets.js';

/** iam:UpdateSAMLProvider — replaces the metadata (validated like CreateSAMLProvider's). */
export default defineOperation<{ SAMLProviderArn: string; SAMLMetadataDocument?: string }, Record<string, unknown>, TagTarget>({
  service: 'iam',
  name: 'UpdateSAMLProvider',
  prepare: (input, ctx) => loadSamlTags(ctx, input.SAMLProviderArn),
  checks: (_input, _ctx, target) => [taggedCheck('iam:UpdateSAMLProvider', target.arn, target.tags)],
  handle: async (input, ctx) => {
    const r = await getSamlRow(ctx.deps, input.SAMLProviderArn);
    if (!r || r.account_id !== ctx.caller.accountId) throw noSuchSaml(input.SAMLProviderArn);
    if (input.SAMLMetadataDocument !== undefined) {
      const md = parseSamlMetadata(input.SAMLMetadataDocument);
      await ctx.deps.store.repos.providers.updateSamlMetadata(r.arn, input.SAMLMetadataDocument, md.validUntil);
      await ctx.deps.store.publish(`saml-provider:${r.arn}`);
    }
    return { SAMLProviderArn: r.arn };
  },
});
