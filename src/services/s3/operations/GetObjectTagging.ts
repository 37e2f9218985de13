import { defineS3Operation } from '../operation.js';
import { taggedVersion, taggingCheck, taggingTarget } from '../objectTagging.js';
import { loadTags, taggingXml } from '../tagging.js';
import { loadVersion } from '../versionTarget.js';

/** GET /bucket/key?tagging (?versionId=): the version's tag set (s3:GetObjectTagging / s3:GetObjectVersionTagging). */
export const GetObjectTagging = defineS3Operation({
  name: 'GetObjectTagging',
  route: { method: 'GET', target: 'object', query: ['tagging'] },
  decode: taggingTarget,
  prepare: (input, ctx) => loadVersion(ctx, input.bucket, input.key, input.versionId),
  checks: (input, _ctx, p) => [taggingCheck('s3:GetObjectTagging', 's3:GetObjectVersionTagging', input, p)],
  async handle(input, _ctx, p) {
    const { row, headers } = taggedVersion(p.bucket, 'GET', input, p.found);
    return { headers, xml: taggingXml(loadTags(row.tags)) };
  },
});
