import { defineS3Operation } from '../operation.js';
import { loadBucket, s3Check } from '../resources.js';

/** DELETE /bucket?policy: 204 whether or not there was one. */
export const DeleteBucketPolicy = defineS3Operation({
  name: 'DeleteBucketPolicy',
  decode: (req) => ({ bucket: req.bucket! }),
  async authorize(input, ctx) {
    const b = await loadBucket(ctx, input.bucket);
    const ownerRoot = ctx.caller.type === 'root' && ctx.caller.accountId === b.account_id;
    return { checks: [s3Check('s3:DeleteBucketPolicy', b, undefined, { withoutPolicy: ownerRoot })] };
  },
  async handle(input, ctx) {
    await ctx.deps.store.repos.buckets.setPolicy(input.bucket, null);
    return { status: 204 };
  },
});
