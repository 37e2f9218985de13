import { corsConfigurationXml, storedRules } from '../cors.js';
import { S3Errors } from '../errors.js';
import { defineS3Operation } from '../operation.js';
import { loadBucket, s3Check } from '../resources.js';

/** GET /bucket?cors: the rules, or NoSuchCORSConfiguration (s3:GetBucketCORS). */
export const GetBucketCors = defineS3Operation({
  name: 'GetBucketCors',
  route: { method: 'GET', target: 'bucket', query: ['cors'] },
  decode: (req) => ({ bucket: req.bucket }),
  prepare: (input, ctx) => loadBucket(ctx, input.bucket),
  checks: (_input, _ctx, b) => [s3Check('s3:GetBucketCORS', b, undefined)],
  async handle(input, _ctx, b) {
    const rules = storedRules(b.cors);
    if (!rules) throw S3Errors.noSuchCorsConfiguration(input.bucket);
    return { xml: corsConfigurationXml(rules) };
  },
});
