import { defineS3Operation } from '../operation.js';
import { taggedVersion, taggingCheck, taggingTarget } from '../objectTagging.js';
import { loadVersion } from '../versionTarget.js';

/** DELETE /bucket/key?tagging (?versionId=): removes the version's tags, 204 (s3:DeleteObjectTagging / s3:DeleteObjectVersionTagging). */
export const DeleteObjectTagging = defineS3Operation({
  name: 'DeleteObjectTagging',
  route: { method: 'DELETE', target: 'object', query: ['tagging'] },
  decode: taggingTarget,
  prepare: (input, ctx) => loadVersion(ctx, input.bucket, input.key, input.versionId),
  checks: (input, _ctx, p) => [taggingCheck('s3:DeleteObjectTagging', 's3:DeleteObjectVersionTagging', input, p)],
  async handle(input, ctx, p) {
    const found = await ctx.deps.store.repos.objects.setTags(input.bucket, input.key, input.versionId, null);
    return { status: 204, headers: taggedVersion(p.bucket, 'DELETE', input, found).headers };
  },
});
