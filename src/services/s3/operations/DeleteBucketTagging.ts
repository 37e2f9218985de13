import { defineS3Operation } from '../operation.js';
import { loadBucket, publishBucket, s3Check } from '../resources.js';

/** DELETE /bucket?tagging: 204 whether or not there were tags (AWS authorizes it as s3:PutBucketTagging). */
export const DeleteBucketTagging = defineS3Operation({
  name: 'DeleteBucketTagging',
  route: { method: 'DELETE', target: 'bucket', query: ['tagging'] },
  decode: (req) => ({ bucket: req.bucket }),
  prepare: (input, ctx) => loadBucket(ctx, input.bucket),
  checks: (input, _ctx, b) => [s3Check('s3:PutBucketTagging', b, undefined)],
  async handle(input, ctx) {
    await ctx.deps.store.repos.buckets.setTags(input.bucket, null);
    await publishBucket(ctx.deps, input.bucket);
    return { status: 204 };
  },
});
