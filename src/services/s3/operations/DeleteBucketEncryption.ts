import { defineS3Operation } from '../operation.js';
import { loadBucket, publishBucket, s3Check } from '../resources.js';

/**
 * DELETE /bucket?encryption: 204; the bucket's default encryption returns to the server's default (SSE-S3,
 * as S3 resets it). S3 authorizes it as s3:PutEncryptionConfiguration.
 */
export const DeleteBucketEncryption = defineS3Operation({
  name: 'DeleteBucketEncryption',
  route: { method: 'DELETE', target: 'bucket', query: ['encryption'] },
  decode: (req) => ({ bucket: req.bucket }),
  prepare: (input, ctx) => loadBucket(ctx, input.bucket),
  checks: (_input, _ctx, b) => [s3Check('s3:PutEncryptionConfiguration', b, undefined)],
  async handle(input, ctx) {
    await ctx.deps.store.repos.buckets.setEncryption(input.bucket, null);
    await publishBucket(ctx.deps, input.bucket);
    return { status: 204 };
  },
});
