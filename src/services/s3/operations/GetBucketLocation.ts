import { XML_DECLARATION, escapeXml } from '../../../protocol/xml.js';
import { S3_XMLNS } from '../../../protocol/restxml/encode.js';
import { defineS3Operation } from '../operation.js';
import { loadBucket, s3Check } from '../resources.js';

/** GET /bucket?location: empty for us-east-1, as S3 answers. */
export const GetBucketLocation = defineS3Operation({
  name: 'GetBucketLocation',
  route: { method: 'GET', target: 'bucket', query: ['location'] },
  decode: (req) => ({ bucket: req.bucket }),
  prepare: (input, ctx) => loadBucket(ctx, input.bucket),
  checks: (input, _ctx, b) => [s3Check('s3:GetBucketLocation', b, undefined)],
  async handle(input, ctx) {
    const b = await loadBucket(ctx, input.bucket);
    const region = b.region === 'us-east-1' ? '' : b.region;
    return { xml: `${XML_DECLARATION}<LocationConstraint xmlns="${S3_XMLNS}">${escapeXml(region)}</LocationConstraint>` };
  },
});
