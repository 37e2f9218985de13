import { grantsToStore } from '../acl/apply.js';
import { aclContext, aclOfPutAcl } from '../acl/request.js';
import { defineS3Operation } from '../operation.js';
import { taggedVersion, taggingCheck } from '../objectTagging.js';
import { loadVersion } from '../versionTarget.js';
import { parseVersionId } from '../versions.js';

/**
 * PUT /bucket/key?acl (?versionId=): a canned ACL, x-amz-grant-* headers or an AccessControlPolicy body, on the
 * version named (the latest without versionId). s3:PutObjectAcl, or s3:PutObjectVersionAcl with s3:versionid;
 * s3:ExistingObjectTag/<key> of the version.
 */
export const PutObjectAcl = defineS3Operation({
  name: 'PutObjectAcl',
  route: { method: 'PUT', target: 'object', query: ['acl'] },
  async decode(req) {
    const acl = await aclOfPutAcl(req.header, () => req.body.readAll(64 * 1024));
    return { bucket: req.bucket, key: req.key, versionId: parseVersionId(req.query.get('versionId'), req), acl, context: aclContext(req.header) };
  },
  prepare: (input, ctx) => loadVersion(ctx, input.bucket, input.key, input.versionId),
  checks: (input, _ctx, p) => [taggingCheck('s3:PutObjectAcl', 's3:PutObjectVersionAcl', input, p, input.context)],
  async handle(input, ctx, p) {
    const { row } = taggedVersion(p.bucket, 'PUT', input, p.found);
    const acl = await grantsToStore(ctx, input.acl, { bucket: p.bucket, key: input.key, owner: row.owner_account, action: 's3:PutObjectAcl' });
    const found = await ctx.deps.store.repos.objects.setVersionAcl(input.bucket, input.key, input.versionId, acl);
    return { headers: taggedVersion(p.bucket, 'PUT', input, found).headers };
  },
});
