import { aclXml, storedGrants } from '../acl/xml.js';
import { defineS3Operation } from '../operation.js';
import { taggedVersion, taggingCheck } from '../objectTagging.js';
import { aclsEnabled } from '../ownership.js';
import { loadVersion } from '../versionTarget.js';
import { parseVersionId } from '../versions.js';

/**
 * GET /bucket/key?acl (?versionId=): the version's grants (with ACLs disabled: the bucket owner's FULL_CONTROL).
 * s3:GetObjectAcl, or s3:GetObjectVersionAcl with s3:versionid for a named version; s3:ExistingObjectTag/<key> of the version.
 */
export const GetObjectAcl = defineS3Operation({
  name: 'GetObjectAcl',
  route: { method: 'GET', target: 'object', query: ['acl'] },
  decode: (req) => ({ bucket: req.bucket, key: req.key, versionId: parseVersionId(req.query.get('versionId'), req) }),
  prepare: (input, ctx) => loadVersion(ctx, input.bucket, input.key, input.versionId),
  checks: (input, _ctx, p) => [taggingCheck('s3:GetObjectAcl', 's3:GetObjectVersionAcl', input, p)],
  async handle(input, _ctx, p) {
    const { row, headers } = taggedVersion(p.bucket, 'GET', input, p.found);
    const owner = aclsEnabled(p.bucket) ? row.owner_account : p.bucket.account_id;
    return { headers, xml: aclXml(owner, storedGrants(aclsEnabled(p.bucket) ? row.acl : null, owner)) };
  },
});
