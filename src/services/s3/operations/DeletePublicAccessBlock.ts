import { defineS3Operation } from '../operation.js';
import { loadBucket, publishBucket, s3Check } from '../resources.js';

/** DELETE /bucket?publicAccessBlock: 204 whether or not there was one. */
export const DeletePublicAccessBlock = defineS3Operation({
  name: 'DeletePublicAccessBlock',
  route: { method: 'DELETE', target: 'bucket', query: ['publicAccessBlock'] },
  decode: (req) => ({ bucket: req.bucket }),
  prepare: (input, ctx) => loadBucket(ctx, input.bucket),
  checks: (input, _ctx, b) => [s3Check('s3:PutBucketPublicAccessBlock', b, undefined)],
  async handle(input, ctx) {
    await ctx.deps.store.repos.buckets.setAccessControl(input.bucket, { public_access_block: null });
    await publishBucket(ctx.deps, input.bucket);
    return { status: 204 };
  },
});
