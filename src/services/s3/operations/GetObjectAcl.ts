import { S3Errors } from '../errors.js';
import { defineS3Operation } from '../operation.js';
import { loadBucket, s3Check } from '../resources.js';
import { ownerOnlyAcl } from './acl.js';

/** GET /bucket/key?acl: owner FULL_CONTROL. */
export const GetObjectAcl = defineS3Operation({
  name: 'GetObjectAcl',
  route: { method: 'GET', target: 'object', query: ['acl'] },
  decode: (req) => ({ bucket: req.bucket, key: req.key }),
  prepare: (input, ctx) => loadBucket(ctx, input.bucket),
  checks: (input, _ctx, b) => [s3Check('s3:GetObjectAcl', b, input.key)],
  async handle(input, ctx) {
    const o = await ctx.deps.store.repos.objects.get(input.bucket, input.key);
    if (!o) throw S3Errors.noSuchKey(input.key);
    return { xml: ownerOnlyAcl(o.owner_account) };
  },
});
