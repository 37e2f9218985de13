import { defineS3Operation } from '../operation.js';
import { loadBucket, publishBucket, s3Check } from '../resources.js';

/** DELETE /bucket?lifecycle: removes the rules (s3:PutLifecycleConfiguration, as AWS names it); 204 either way. */
export const DeleteBucketLifecycle = defineS3Operation({
  name: 'DeleteBucketLifecycle',
  route: { method: 'DELETE', target: 'bucket', query: ['lifecycle'] },
  decode: (req) => ({ bucket: req.bucket }),
  prepare: (input, ctx) => loadBucket(ctx, input.bucket),
  checks: (input, _ctx, b) => [s3Check('s3:PutLifecycleConfiguration', b, undefined)],
  async handle(input, ctx) {
    await ctx.deps.store.repos.buckets.setLifecycle(input.bucket, null);
    await publishBucket(ctx.deps, input.bucket);
    return { status: 204 };
  },
});
