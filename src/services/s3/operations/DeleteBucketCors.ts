import { defineS3Operation } from '../operation.js';
import { loadBucket, publishBucket, s3Check } from '../resources.js';

/** DELETE /bucket?cors: 204 whether or not there was one. AWS authorizes it as s3:PutBucketCORS. */
export const DeleteBucketCors = defineS3Operation({
  name: 'DeleteBucketCors',
  route: { method: 'DELETE', target: 'bucket', query: ['cors'] },
  decode: (req) => ({ bucket: req.bucket }),
  prepare: (input, ctx) => loadBucket(ctx, input.bucket),
  checks: (_input, _ctx, b) => [s3Check('s3:PutBucketCORS', b, undefined)],
  async handle(input, ctx) {
    await ctx.deps.store.repos.buckets.setCors(input.bucket, null);
    await publishBucket(ctx.deps, input.bucket);
    return { status: 204 };
  },
});
