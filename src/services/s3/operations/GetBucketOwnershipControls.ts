import { defineS3Operation } from '../operation.js';
import { ownershipErrors, ownershipXml, parseOwnership } from '../ownership.js';
import { loadBucket, s3Check } from '../resources.js';

/** GET /bucket?ownershipControls: OwnershipControlsNotFoundError when the bucket has none. */
export const GetBucketOwnershipControls = defineS3Operation({
  name: 'GetBucketOwnershipControls',
  route: { method: 'GET', target: 'bucket', query: ['ownershipControls'] },
  decode: (req) => ({ bucket: req.bucket }),
  prepare: (input, ctx) => loadBucket(ctx, input.bucket),
  checks: (input, _ctx, b) => [s3Check('s3:GetBucketOwnershipControls', b, undefined)],
  async handle(input, ctx) {
    const b = await loadBucket(ctx, input.bucket);
    if (!b.object_ownership) throw ownershipErrors.notFound(input.bucket);
    return { xml: ownershipXml(parseOwnership(b.object_ownership)) };
  },
});
