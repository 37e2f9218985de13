import { xmlDocument } from '../../../protocol/restxml/encode.js';
import { LifecycleErrors, lifecycleXml, type LifecycleRule } from '../lifecycle.js';
import { defineS3Operation } from '../operation.js';
import { loadBucket, s3Check } from '../resources.js';

/** GET /bucket?lifecycle: the rules (s3:GetLifecycleConfiguration); NoSuchLifecycleConfiguration when none. */
export const GetBucketLifecycleConfiguration = defineS3Operation({
  name: 'GetBucketLifecycleConfiguration',
  route: { method: 'GET', target: 'bucket', query: ['lifecycle'] },
  decode: (req) => ({ bucket: req.bucket }),
  prepare: (input, ctx) => loadBucket(ctx, input.bucket),
  checks: (input, _ctx, b) => [s3Check('s3:GetLifecycleConfiguration', b, undefined)],
  async handle(input, _ctx, b) {
    if (!b.lifecycle) throw LifecycleErrors.notFound(input.bucket);
    return { xml: xmlDocument('LifecycleConfiguration', lifecycleXml(JSON.parse(b.lifecycle) as LifecycleRule[])) };
  },
});
