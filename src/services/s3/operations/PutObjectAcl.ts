import { grantsToStore } from '../acl/apply.js';
import { aclContext, aclOfPutAcl } from '../acl/request.js';
import { S3Errors } from '../errors.js';
import { defineS3Operation } from '../operation.js';
import { loadBucket, loadBucketForObject, s3Check } from '../resources.js';

/** PUT /bucket/key?acl: a canned ACL, x-amz-grant-* headers or an AccessControlPolicy body. */
export const PutObjectAcl = defineS3Operation({
  name: 'PutObjectAcl',
  route: { method: 'PUT', target: 'object', query: ['acl'] },
  async decode(req) {
    const acl = await aclOfPutAcl(req.header, () => req.body.readAll(64 * 1024));
    return { bucket: req.bucket, key: req.key, acl, context: aclContext(req.header) };
  },
  prepare: (input, ctx) => loadBucketForObject(ctx, input.bucket, input.key),
  checks: (input, _ctx, b) => [s3Check('s3:PutObjectAcl', b, input.key, { context: input.context })],
  async handle(input, ctx) {
    const b = await loadBucket(ctx, input.bucket);
    const o = await ctx.deps.store.repos.objects.get(input.bucket, input.key);
    if (!o) throw S3Errors.noSuchKey(input.key);
    const acl = await grantsToStore(ctx, input.acl, { bucket: b, key: input.key, owner: o.owner_account, action: 's3:PutObjectAcl' });
    if (!(await ctx.deps.store.repos.objects.setAcl(input.bucket, input.key, acl))) throw S3Errors.noSuchKey(input.key);
    return {};
  },
});
