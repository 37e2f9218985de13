import { S3Errors } from '../errors.js';
import { hasIntegrityHeader, LockErrors, parseLockConfiguration } from '../objectLock.js';
import { defineS3Operation } from '../operation.js';
import { loadBucket, publishBucket, s3Check } from '../resources.js';

/**
 * PUT /bucket?object-lock: enables Object Lock (on a bucket whose versioning is Enabled, as AWS now allows
 * for existing buckets) and sets or clears its default retention (s3:PutBucketObjectLockConfiguration).
 * Once enabled it stays enabled: a configuration always says ObjectLockEnabled.
 */
export const PutObjectLockConfiguration = defineS3Operation({
  name: 'PutObjectLockConfiguration',
  route: { method: 'PUT', target: 'bucket', query: ['object-lock'] },
  async decode(req) {
    if (!hasIntegrityHeader(req.header, req.rawHeaders)) throw S3Errors.invalidRequest('Missing required header for this request: Content-MD5 OR x-amz-checksum-*');
    return { bucket: req.bucket, config: parseLockConfiguration((await req.body.readAll(64 * 1024)).toString('utf8')) };
  },
  prepare: (input, ctx) => loadBucket(ctx, input.bucket),
  checks: (input, _ctx, b) => [s3Check('s3:PutBucketObjectLockConfiguration', b, undefined)],
  async handle(input, ctx, b) {
    if (b.versioning !== 'Enabled') throw LockErrors.versioningRequired();
    await ctx.deps.store.repos.buckets.setObjectLock(input.bucket, JSON.stringify(input.config));
    await publishBucket(ctx.deps, input.bucket);
    return {};
  },
});
