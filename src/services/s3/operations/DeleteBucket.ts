import { S3Errors } from '../errors.js';
import { defineS3Operation } from '../operation.js';
import { loadBucket, publishBucket, s3Check } from '../resources.js';

/** DELETE /bucket: only when it holds no object and no multipart upload (BucketNotEmpty). */
export const DeleteBucket = defineS3Operation({
  name: 'DeleteBucket',
  route: { method: 'DELETE', target: 'bucket' },
  decode: (req) => ({ bucket: req.bucket }),
  prepare: (input, ctx) => loadBucket(ctx, input.bucket),
  checks: (input, _ctx, b) => [s3Check('s3:DeleteBucket', b, undefined)],
  async handle(input, ctx) {
    const r = await ctx.space.freeing(() => ctx.deps.store.repos.buckets.deleteIfEmpty(input.bucket));
    if (r === 'not-empty') throw S3Errors.bucketNotEmpty(input.bucket);
    if (r === 'missing') throw S3Errors.noSuchBucket(input.bucket);
    await publishBucket(ctx.deps, input.bucket);
    return { status: 204 };
  },
});
