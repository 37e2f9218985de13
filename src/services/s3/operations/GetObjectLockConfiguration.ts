import { xmlDocument } from '../../../protocol/restxml/encode.js';
import { bucketLockOf, LockErrors, lockConfigurationXml } from '../objectLock.js';
import { defineS3Operation } from '../operation.js';
import { loadBucket, s3Check } from '../resources.js';

/** GET /bucket?object-lock: the configuration (s3:GetBucketObjectLockConfiguration); ObjectLockConfigurationNotFoundError when not enabled. */
export const GetObjectLockConfiguration = defineS3Operation({
  name: 'GetObjectLockConfiguration',
  route: { method: 'GET', target: 'bucket', query: ['object-lock'] },
  decode: (req) => ({ bucket: req.bucket }),
  prepare: (input, ctx) => loadBucket(ctx, input.bucket),
  checks: (input, _ctx, b) => [s3Check('s3:GetBucketObjectLockConfiguration', b, undefined)],
  async handle(_input, _ctx, b) {
    const config = bucketLockOf(b);
    if (!config) throw LockErrors.configNotFound();
    return { xml: xmlDocument('ObjectLockConfiguration', lockConfigurationXml(config)) };
  },
});
