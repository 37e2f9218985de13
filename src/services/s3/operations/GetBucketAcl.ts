import { defineS3Operation } from '../operation.js';
import { loadBucket, s3Check } from '../resources.js';
import { ownerOnlyAcl } from './acl.js';

/** GET /bucket?acl: owner FULL_CONTROL (ACLs are not supported otherwise). */
export const GetBucketAcl = defineS3Operation({
  name: 'GetBucketAcl',
  route: { method: 'GET', target: 'bucket', query: ['acl'] },
  decode: (req) => ({ bucket: req.bucket }),
  prepare: (input, ctx) => loadBucket(ctx, input.bucket),
  checks: (input, _ctx, b) => [s3Check('s3:GetBucketAcl', b, undefined)],
  async handle(input, ctx) {
    const b = await loadBucket(ctx, input.bucket);
    return { xml: ownerOnlyAcl(b.account_id) };
  },
});
