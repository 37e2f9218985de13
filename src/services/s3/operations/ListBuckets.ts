import { s3Time, xmlDocument } from '../../../protocol/restxml/encode.js';
import { defineS3Operation } from '../operation.js';
import { ownerXml } from '../owner.js';

/**
 * GET / : the caller's account's buckets. s3:ListAllMyBuckets takes no resource type; the request's resource
 * is written arn:aws:s3:::* so that both "*" and the customary "arn:aws:s3:::*" (seed 000's policy) match it
 * and a policy naming one bucket does not.
 */
export const ListBuckets = defineS3Operation({
  name: 'ListBuckets',
  route: { method: 'GET', target: 'service' },
  decode: () => ({}),
  checks: () => [{ action: 's3:ListAllMyBuckets', resource: 'arn:aws:s3:::*' }],
  async handle(_input, ctx) {
    const rows = await ctx.deps.store.repos.buckets.listOwnedBy(ctx.caller.accountId);
    return {
      xml: xmlDocument('ListAllMyBucketsResult', [
        ['Owner', ownerXml(ctx.caller.accountId)],
        ['Buckets', rows.map((b) => ['Bucket', [['Name', b.name], ['CreationDate', s3Time(b.created_at)], ['BucketRegion', b.region]]] as [string, never])],
      ]),
    };
  },
});
