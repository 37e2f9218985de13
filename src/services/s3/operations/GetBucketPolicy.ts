import { S3Errors } from '../errors.js';
import { defineS3Operation } from '../operation.js';
import { loadBucket, s3Check } from '../resources.js';

/** GET /bucket?policy: the document as stored (JSON). */
export const GetBucketPolicy = defineS3Operation({
  name: 'GetBucketPolicy',
  decode: (req) => ({ bucket: req.bucket! }),
  async authorize(input, ctx) {
    const b = await loadBucket(ctx, input.bucket);
    const ownerRoot = ctx.caller.type === 'root' && ctx.caller.accountId === b.account_id;
    return { checks: [s3Check('s3:GetBucketPolicy', b, undefined, { withoutPolicy: ownerRoot })] };
  },
  async handle(input, ctx) {
    const b = await loadBucket(ctx, input.bucket);
    if (!b.policy) throw S3Errors.noSuchBucketPolicy(input.bucket);
    return { body: b.policy, contentType: 'application/json' };
  },
});
