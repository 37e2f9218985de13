import { defineOperation } from '../../operation.js';
import { noSuchEntity } from '../errors.js';
import { getOidcRow, oidcKey } from '../providers.js';
import { parseTags } from '../util.js';

export const noSuchOidc = (arn: string) => noSuchEntity(`OpenIDConnect Provider not found for arn ${arn}`);

/** iam:GetOpenIDConnectProvider — Url is returned without its scheme, as AWS does. */
export default defineOperation<{ OpenIDConnectProviderArn: string }, Record<string, unknown>>({
  service: 'iam',
  name: 'GetOpenIDConnectProvider',
  checks: (input) => [{ action: 'iam:GetOpenIDConnectProvider', resource: input.OpenIDConnectProviderArn }],
  handle: async (input, ctx) => {
    const r = await getOidcRow(ctx.deps, input.OpenIDConnectProviderArn);
    if (!r || r.account_id !== ctx.caller.accountId) throw noSuchOidc(input.OpenIDConnectProviderArn);
    const tags = parseTags(r.tags);
    return {
      Url: oidcKey(r.url),
      ClientIDList: JSON.parse(r.client_ids) as string[],
      ThumbprintList: JSON.parse(r.thumbprints) as string[],
      CreateDate: r.created_at,
      ...(tags.length ? { Tags: tags } : {}),
    };
  },
});
