import { randomUUID } from 'node:crypto';
import { defineOperation } from '../../operation.js';
import { alreadyExists } from '../errors.js';
import { samlArn } from '../providers.js';
import { parseSamlMetadata } from '../saml.js';
import { checkNewTags, tagContext, type Tag } from '../util.js';

const HUNDRED_YEARS = 100 * 365 * 24 * 3600 * 1000;

/** iam:CreateSAMLProvider — the metadata must parse (no DTDs) and hold an IdP signing certificate. */
export default defineOperation<{ SAMLMetadataDocument: string; Name: string; Tags?: Tag[] }, Record<string, unknown>>({
  service: 'iam',
  name: 'CreateSAMLProvider',
  checks: (input, { caller }) => [{ action: 'iam:CreateSAMLProvider', resource: samlArn(caller.accountId, input.Name), context: tagContext(input.Tags) }],
  handle: async (input, ctx) => {
    const tags = checkNewTags(input.Tags);
    const md = parseSamlMetadata(input.SAMLMetadataDocument);
    const arn = samlArn(ctx.caller.accountId, input.Name);
    const inserted = await ctx.deps.store.repos.providers.insertSaml({
      arn,
      account_id: ctx.caller.accountId,
      name: input.Name,
      metadata: input.SAMLMetadataDocument,
      uuid: randomUUID(),
      created_at: ctx.now,
      valid_until: md.validUntil ?? ctx.now + HUNDRED_YEARS,
      tags: JSON.stringify(tags),
    });
    if (!inserted) throw alreadyExists(`SAMLProvider ${input.Name} already exists.`);
    return { SAMLProviderArn: arn, ...(tags.length ? { Tags: tags } : {}) };
  },
});
