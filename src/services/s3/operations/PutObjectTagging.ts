import { defineS3Operation } from '../operation.js';
import { taggedVersion, taggingCheck, taggingTarget } from '../objectTagging.js';
import { MAX_OBJECT_TAGS, parseTaggingXml, requestTagContext, storeTags } from '../tagging.js';
import { loadVersion } from '../versionTarget.js';

/**
 * PUT /bucket/key?tagging (?versionId=): replaces the version's tag set (up to 10). s3:PutObjectTagging
 * (s3:PutObjectVersionTagging for a named version) with the existing and the requested tags as condition keys.
 */
export const PutObjectTagging = defineS3Operation({
  name: 'PutObjectTagging',
  route: { method: 'PUT', target: 'object', query: ['tagging'] },
  async decode(req) {
    const tags = parseTaggingXml((await req.body.readAll(64 * 1024)).toString('utf8'), MAX_OBJECT_TAGS, 'Object');
    return { ...taggingTarget(req), tags };
  },
  prepare: (input, ctx) => loadVersion(ctx, input.bucket, input.key, input.versionId),
  checks: (input, _ctx, p) => [taggingCheck('s3:PutObjectTagging', 's3:PutObjectVersionTagging', input, p, requestTagContext(input.tags))],
  async handle(input, ctx, p) {
    await ctx.space.admit();
    const found = await ctx.deps.store.repos.objects.setTags(input.bucket, input.key, input.versionId, storeTags(input.tags));
    return { headers: taggedVersion(p.bucket, 'PUT', input, found).headers };
  },
});
