import { defineS3Operation } from '../operation.js';
import { parseOwnershipControls } from '../ownership.js';
import { loadBucket, publishBucket, s3Check } from '../resources.js';

/** PUT /bucket?ownershipControls: one rule, BucketOwnerEnforced | BucketOwnerPreferred | ObjectWriter. */
export const PutBucketOwnershipControls = defineS3Operation({
  name: 'PutBucketOwnershipControls',
  route: { method: 'PUT', target: 'bucket', query: ['ownershipControls'] },
  async decode(req) {
    const text = (await req.body.readAll(64 * 1024)).toString('utf8');
    return { bucket: req.bucket, ownership: parseOwnershipControls(text) };
  },
  prepare: (input, ctx) => loadBucket(ctx, input.bucket),
  checks: (input, _ctx, b) => [s3Check('s3:PutBucketOwnershipControls', b, undefined)],
  async handle(input, ctx) {
    await ctx.deps.store.repos.buckets.setAccessControl(input.bucket, { object_ownership: input.ownership });
    await publishBucket(ctx.deps, input.bucket);
    return {};
  },
});
