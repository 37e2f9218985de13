import { defineOperation } from '../../operation.js';
import { noSuchEntity } from '../errors.js';
import { getSamlRow } from '../providers.js';
import { parseTags } from '../util.js';

export const noSuchSaml = (arn: string) => noSuchEntity(`Manifest not found for arn ${arn}`);

/** iam:GetSAMLProvider */
export default defineOperation<{ SAMLProviderArn: string }, Record<string, unknown>>({
  service: 'iam',
  name: 'GetSAMLProvider',
  checks: (input) => [{ action: 'iam:GetSAMLProvider', resource: input.SAMLProviderArn }],
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
