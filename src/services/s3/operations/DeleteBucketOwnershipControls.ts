import { defineS3Operation } from '../operation.js';
import { loadBucket, publishBucket, s3Check } from '../resources.js';

/** DELETE /bucket?ownershipControls: 204; the bucket then behaves as ObjectWriter (ACLs enabled). */
export const DeleteBucketOwnershipControls = defineS3Operation({
  name: 'DeleteBucketOwnershipControls',
  route: { method: 'DELETE', target: 'bucket', query: ['ownershipControls'] },
  decode: (req) => ({ bucket: req.bucket }),
  prepare: (input, ctx) => loadBucket(ctx, input.bucket),
  checks: (input, _ctx, b) => [s3Check('s3:PutBucketOwnershipControls', b, undefined)],
  async handle(input, ctx) {
    await ctx.deps.store.repos.buckets.setAccessControl(input.bucket, { object_ownership: null });
    await publishBucket(ctx.deps, input.bucket);
    return { status: 204 };
  },
});
