import { S3Errors } from '../errors.js';
import { defineS3Operation } from '../operation.js';
import { loadBucket, publishBucket, s3Check } from '../resources.js';

/** DELETE /bucket: only when it holds no object (BucketNotEmpty); multipart uploads in progress are aborted. */
export const DeleteBucket = defineS3Operation({
  name: 'DeleteBucket',
  route: { method: 'DELETE', target: 'bucket' },
  decode: (req) => ({ bucket: req.bucket }),
  prepare: (input, ctx) => loadBucket(ctx, input.bucket),
  checks: (input, _ctx, b) => [s3Check('s3:DeleteBucket', b, undefined)],
  async handle(input, ctx) {
    const aborted: string[] = [];
    const r = await ctx.space.freeing(() => ctx.deps.store.repos.buckets.deleteIfEmpty(input.bucket, aborted));
    if (r === 'not-empty') throw S3Errors.bucketNotEmpty(input.bucket);
    if (r === 'missing') throw S3Errors.noSuchBucket(input.bucket);
    // The aborted parts' rows are gone with the bucket: their blobs are no one's now.
    await ctx.blobs.remove(aborted);
    await publishBucket(ctx.deps, input.bucket);
    return { status: 204 };
  },
});
