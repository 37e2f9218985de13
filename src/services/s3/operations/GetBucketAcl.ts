import { aclXml, storedGrants } from '../acl/xml.js';
import { defineS3Operation } from '../operation.js';
import { aclsEnabled } from '../ownership.js';
import { loadBucket, s3Check } from '../resources.js';

/** GET /bucket?acl: the bucket's grants (with ACLs disabled: the owner's FULL_CONTROL). */
export const GetBucketAcl = defineS3Operation({
  name: 'GetBucketAcl',
  route: { method: 'GET', target: 'bucket', query: ['acl'] },
  decode: (req) => ({ bucket: req.bucket }),
  prepare: (input, ctx) => loadBucket(ctx, input.bucket),
  checks: (input, _ctx, b) => [s3Check('s3:GetBucketAcl', b, undefined)],
  async handle(input, ctx) {
    const b = await loadBucket(ctx, input.bucket);
    return { xml: aclXml(b.account_id, storedGrants(aclsEnabled(b) ? b.acl : null, b.account_id)) };
  },
});
