import { defineS3Operation } from '../operation.js';
import { parsePublicAccessBlock } from '../publicAccess.js';
import { loadBucket, publishBucket, s3Check } from '../resources.js';

/** PUT /bucket?publicAccessBlock: the four settings (an absent one is false). */
export const PutPublicAccessBlock = defineS3Operation({
  name: 'PutPublicAccessBlock',
  route: { method: 'PUT', target: 'bucket', query: ['publicAccessBlock'] },
  async decode(req) {
    const text = (await req.body.readAll(64 * 1024)).toString('utf8');
    return { bucket: req.bucket, config: parsePublicAccessBlock(text) };
  },
  prepare: (input, ctx) => loadBucket(ctx, input.bucket),
  checks: (input, _ctx, b) => [s3Check('s3:PutBucketPublicAccessBlock', b, undefined)],
  async handle(input, ctx) {
    await ctx.deps.store.repos.buckets.setAccessControl(input.bucket, { public_access_block: JSON.stringify(input.config) });
    await publishBucket(ctx.deps, input.bucket);
    return {};
  },
});
