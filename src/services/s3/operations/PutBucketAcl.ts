import { grantsToStore } from '../acl/apply.js';
import { aclContext, aclOfPutAcl } from '../acl/request.js';
import { defineS3Operation } from '../operation.js';
import { loadBucket, publishBucket, s3Check } from '../resources.js';

/** PUT /bucket?acl: a canned ACL, x-amz-grant-* headers or an AccessControlPolicy body. */
export const PutBucketAcl = defineS3Operation({
  name: 'PutBucketAcl',
  route: { method: 'PUT', target: 'bucket', query: ['acl'] },
  async decode(req) {
    const acl = await aclOfPutAcl(req.header, () => req.body.readAll(64 * 1024));
    return { bucket: req.bucket, acl, context: aclContext(req.header) };
  },
  prepare: (input, ctx) => loadBucket(ctx, input.bucket),
  checks: (input, _ctx, b) => [s3Check('s3:PutBucketAcl', b, undefined, { context: input.context })],
  async handle(input, ctx) {
    const b = await loadBucket(ctx, input.bucket);
    const acl = await grantsToStore(ctx, input.acl, { bucket: b, owner: b.account_id, action: 's3:PutBucketAcl' });
    await ctx.deps.store.repos.buckets.setAccessControl(input.bucket, { acl });
    await publishBucket(ctx.deps, input.bucket);
    return {};
  },
});
