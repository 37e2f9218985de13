import { xmlDocument } from '../../../protocol/restxml/encode.js';
import { defineS3Operation } from '../operation.js';
import { loadBucket, s3Check } from '../resources.js';

/** GET /bucket?versioning: the status once configured (Enabled, Suspended); an empty configuration before. */
export const GetBucketVersioning = defineS3Operation({
  name: 'GetBucketVersioning',
  route: { method: 'GET', target: 'bucket', query: ['versioning'] },
  decode: (req) => ({ bucket: req.bucket }),
  prepare: (input, ctx) => loadBucket(ctx, input.bucket),
  checks: (input, _ctx, b) => [s3Check('s3:GetBucketVersioning', b, undefined)],
  handle: async (_input, _ctx, b) => ({ xml: xmlDocument('VersioningConfiguration', b.versioning ? [['Status', b.versioning]] : []) }),
});
