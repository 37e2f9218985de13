import { defineOperation } from '../../operation.js';
import { noSuchSaml } from '../errors.js';
import { getSamlRow } from '../providers.js';
import { parseTags } from '../util.js';
import { loadSamlTags } from '../taggables.js';
import type { TagTarget } from '../tagging.js';
import { taggedCheck } from '../targets.js';


/** iam:GetSAMLProvider */
export default defineOperation<{ SAMLProviderArn: string }, Record<string, unknown>, TagTarget>({
  service: 'iam',
  name: 'GetSAMLProvider',
  prepare: (input, ctx) => loadSamlTags(ctx, input.SAMLProviderArn),
  checks: (_input, _ctx, target) => [taggedCheck('iam:GetSAMLProvider', target.arn, target.tags)],
  handle: async (input, ctx) => {
    const r = await getSamlRow(ctx.deps, input.SAMLProviderArn);
    if (!r || r.account_id !== ctx.caller.accountId) throw noSuchSaml(input.SAMLProviderArn);
    const tags = parseTags(r.tags);
    return {
      SAMLProviderUUID: r.uuid,
      SAMLMetadataDocument: r.metadata,
      CreateDate: r.created_at,
      ValidUntil: r.valid_until,
      ...(tags.length ? { Tags: tags } : {}),
    };
  },
});
