import { defineS3Operation } from '../operation.js';
import { loadBucket, s3Check } from '../resources.js';

/** HEAD /bucket: exists and the caller may list it (s3:ListBucket). */
export const HeadBucket = defineS3Operation({
  name: 'HeadBucket',
  route: { method: 'HEAD', target: 'bucket' },
  decode: (req) => ({ bucket: req.bucket }),
  prepare: (input, ctx) => loadBucket(ctx, input.bucket),
  checks: (input, _ctx, b) => [s3Check('s3:ListBucket', b, undefined)],
  async handle(input, ctx) {
    const b = await loadBucket(ctx, input.bucket);
    return { headers: { 'x-amz-bucket-region': b.region, 'x-amz-access-point-alias': 'false' } };
  },
});
