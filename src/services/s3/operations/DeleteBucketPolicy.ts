import { defineS3Operation } from '../operation.js';
import { loadBucket, publishBucket, s3Check } from '../resources.js';

/** DELETE /bucket?policy: 204 whether or not there was one. */
export const DeleteBucketPolicy = defineS3Operation({
  name: 'DeleteBucketPolicy',
  route: { method: 'DELETE', target: 'bucket', query: ['policy'] },
  decode: (req) => ({ bucket: req.bucket }),
  prepare: (input, ctx) => loadBucket(ctx, input.bucket),
  checks: (_input, ctx, b) => {
    const ownerRoot = ctx.caller.type === 'root' && ctx.caller.accountId === b.account_id;
    return [s3Check('s3:DeleteBucketPolicy', b, undefined, { withoutPolicy: ownerRoot })];
  },
  async handle(input, ctx) {
    await ctx.deps.store.repos.buckets.setPolicy(input.bucket, null);
    await publishBucket(ctx.deps, input.bucket);
    return { status: 204 };
  },
});
