import { defineOperation } from '../../operation.js';
import { alreadyExists, invalidInput } from '../errors.js';
import { oidcArn } from '../providers.js';
import { checkNewTags, tagContext, type Tag } from '../util.js';

interface Input {
  Url: string;
  ClientIDList?: string[];
  ThumbprintList?: string[];
  Tags?: Tag[];
}

/** iam:CreateOpenIDConnectProvider — an https issuer URL, client ids (audiences) and certificate thumbprints. */
export default defineOperation<Input, Record<string, unknown>>({
  service: 'iam',
  name: 'CreateOpenIDConnectProvider',
  checks: (input, { caller }) => [
    { action: 'iam:CreateOpenIDConnectProvider', resource: oidcArn(caller.accountId, input.Url), context: tagContext(input.Tags) },
  ],
  handle: async (input, ctx) => {
    const tags = checkNewTags(input.Tags);
    let url: URL;
    try {
      url = new URL(input.Url);
    } catch {
      throw invalidInput('Invalid OpenID Connect provider URL');
    }
    if (url.protocol !== 'https:' || url.search || url.hash) throw invalidInput('Invalid OpenID Connect provider URL');
    const thumbprints = (input.ThumbprintList ?? []).map((t) => t.toLowerCase());
    if (thumbprints.some((t) => !/^[0-9a-f]{40}$/.test(t))) throw invalidInput('Thumbprint must be a 40-character hexadecimal string');
    if (thumbprints.length > 5) throw invalidInput('Thumbprint list must contain fewer than 5 entries');
    const arn = oidcArn(ctx.caller.accountId, input.Url);
    const inserted = await ctx.deps.store.repos.providers.insertOidc({
      arn,
      account_id: ctx.caller.accountId,
      url: input.Url.replace(/\/+$/, ''),
      client_ids: JSON.stringify([...new Set(input.ClientIDList ?? [])]),
      thumbprints: JSON.stringify(thumbprints),
      created_at: ctx.now,
      tags: JSON.stringify(tags),
    });
    if (!inserted) throw alreadyExists(`Provider with url ${input.Url} already exists.`);
    return { OpenIDConnectProviderArn: arn, ...(tags.length ? { Tags: tags } : {}) };
  },
});
