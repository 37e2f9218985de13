import { S3Errors } from '../errors.js';
import { defineS3Operation } from '../operation.js';
import { loadBucket, s3Check } from '../resources.js';

/** GET /bucket?policy: the document as stored (JSON). */
export const GetBucketPolicy = defineS3Operation({
  name: 'GetBucketPolicy',
  route: { method: 'GET', target: 'bucket', query: ['policy'] },
  decode: (req) => ({ bucket: req.bucket }),
  prepare: (input, ctx) => loadBucket(ctx, input.bucket),
  checks: (_input, ctx, b) => {
    const ownerRoot = ctx.caller.type === 'root' && ctx.caller.accountId === b.account_id;
    return [s3Check('s3:GetBucketPolicy', b, undefined, { withoutPolicy: ownerRoot })];
  },
  async handle(input, ctx) {
    const b = await loadBucket(ctx, input.bucket);
    if (!b.policy) throw S3Errors.noSuchBucketPolicy(input.bucket);
    return { body: b.policy, contentType: 'application/json' };
  },
});
