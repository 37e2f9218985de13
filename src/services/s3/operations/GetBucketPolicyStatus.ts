import { xmlDocument } from '../../../protocol/restxml/encode.js';
import { S3Errors } from '../errors.js';
import { defineS3Operation } from '../operation.js';
import { policyIsPublic } from '../publicAccess.js';
import { loadBucket, s3Check } from '../resources.js';

/** GET /bucket?policyStatus: IsPublic per AWS's meaning of public; NoSuchBucketPolicy without a policy. */
export const GetBucketPolicyStatus = defineS3Operation({
  name: 'GetBucketPolicyStatus',
  route: { method: 'GET', target: 'bucket', query: ['policyStatus'] },
  decode: (req) => ({ bucket: req.bucket }),
  prepare: (input, ctx) => loadBucket(ctx, input.bucket),
  checks: (input, _ctx, b) => [s3Check('s3:GetBucketPolicyStatus', b, undefined)],
  async handle(input, ctx) {
    const b = await loadBucket(ctx, input.bucket);
    if (!b.policy) throw S3Errors.noSuchBucketPolicy(input.bucket);
    return { xml: xmlDocument('PolicyStatus', [['IsPublic', policyIsPublic(b.policy) ? 'true' : 'false']]) };
  },
});
