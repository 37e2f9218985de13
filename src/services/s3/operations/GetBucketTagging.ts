import { S3Errors } from '../errors.js';
import { defineS3Operation } from '../operation.js';
import { loadBucket, s3Check } from '../resources.js';
import { loadTags, taggingXml } from '../tagging.js';

/** GET /bucket?tagging: the bucket's tag set; NoSuchTagSet when it has none. */
export const GetBucketTagging = defineS3Operation({
  name: 'GetBucketTagging',
  route: { method: 'GET', target: 'bucket', query: ['tagging'] },
  decode: (req) => ({ bucket: req.bucket }),
  prepare: (input, ctx) => loadBucket(ctx, input.bucket),
  checks: (input, _ctx, b) => [s3Check('s3:GetBucketTagging', b, undefined)],
  async handle(input, _ctx, b) {
    const tags = loadTags(b.tags);
    if (tags.length === 0) throw S3Errors.noSuchTagSet(input.bucket);
    return { xml: taggingXml(tags) };
  },
});
