import { aclXml, storedGrants } from '../acl/xml.js';
import { S3Errors } from '../errors.js';
import { defineS3Operation } from '../operation.js';
import { aclsEnabled } from '../ownership.js';
import { loadBucket, loadBucketForObject, s3Check } from '../resources.js';

/** GET /bucket/key?acl: the object's grants (with ACLs disabled: the bucket owner's FULL_CONTROL). */
export const GetObjectAcl = defineS3Operation({
  name: 'GetObjectAcl',
  route: { method: 'GET', target: 'object', query: ['acl'] },
  decode: (req) => ({ bucket: req.bucket, key: req.key }),
  prepare: (input, ctx) => loadBucketForObject(ctx, input.bucket, input.key),
  checks: (input, _ctx, b) => [s3Check('s3:GetObjectAcl', b, input.key)],
  async handle(input, ctx) {
    const b = await loadBucket(ctx, input.bucket);
    const o = await ctx.deps.store.repos.objects.get(input.bucket, input.key);
    if (!o) throw S3Errors.noSuchKey(input.key);
    const owner = aclsEnabled(b) ? o.owner_account : b.account_id;
    return { xml: aclXml(owner, storedGrants(aclsEnabled(b) ? o.acl : null, owner)) };
  },
});
