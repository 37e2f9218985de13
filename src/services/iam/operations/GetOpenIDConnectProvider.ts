import { defineOperation } from '../../operation.js';
import { noSuchOidc } from '../errors.js';
import { getOidcRow, oidcKey } from '../providers.js';
import { parseTags } from '../util.js';
import { loadOidcTags } from '../taggables.js';
import type { TagTarget } from '../tagging.js';
import { taggedCheck } from '../targets.js';


/** iam:GetOpenIDConnectProvider — Url is returned without its scheme, as AWS does. */
export default defineOperation<{ OpenIDConnectProviderArn: string }, Record<string, unknown>, TagTarget>({
  service: 'iam',
  name: 'GetOpenIDConnectProvider',
  prepare: (input, ctx) => loadOidcTags(ctx, input.OpenIDConnectProviderArn),
  checks: (_input, _ctx, target) => [taggedCheck('iam:GetOpenIDConnectProvider', target.arn, target.tags)],
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
