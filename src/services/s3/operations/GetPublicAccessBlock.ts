import { defineS3Operation } from '../operation.js';
import { publicAccessBlockXml, publicAccessErrors, storedPublicAccessBlock } from '../publicAccess.js';
import { loadBucket, s3Check } from '../resources.js';

/** GET /bucket?publicAccessBlock: NoSuchPublicAccessBlockConfiguration when the bucket has none. */
export const GetPublicAccessBlock = defineS3Operation({
  name: 'GetPublicAccessBlock',
  route: { method: 'GET', target: 'bucket', query: ['publicAccessBlock'] },
  decode: (req) => ({ bucket: req.bucket }),
  prepare: (input, ctx) => loadBucket(ctx, input.bucket),
  checks: (input, _ctx, b) => [s3Check('s3:GetBucketPublicAccessBlock', b, undefined)],
  async handle(input, ctx) {
    const config = storedPublicAccessBlock((await loadBucket(ctx, input.bucket)).public_access_block);
    if (!config) throw publicAccessErrors.notFound(input.bucket);
    return { xml: publicAccessBlockXml(config) };
  },
});
