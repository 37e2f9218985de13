import { randomBytes } from 'node:crypto';
import { S3Errors } from '../errors.js';
import { parseLifecycle } from '../lifecycle.js';
import { hasIntegrityHeader } from '../objectLock.js';
import { defineS3Operation } from '../operation.js';
import { loadBucket, publishBucket, s3Check } from '../resources.js';

/**
 * PUT /bucket?lifecycle: replaces the bucket's lifecycle rules (s3:PutLifecycleConfiguration). Expiration
 * (Days, Date, ExpiredObjectDeleteMarker), NoncurrentVersionExpiration and AbortIncompleteMultipartUpload
 * are carried out by the lifecycle sweep; Transition rules answer NotImplemented.
 */
export const PutBucketLifecycleConfiguration = defineS3Operation({
  name: 'PutBucketLifecycleConfiguration',
  route: { method: 'PUT', target: 'bucket', query: ['lifecycle'] },
  async decode(req) {
    if (!hasIntegrityHeader(req.header, req.rawHeaders)) throw S3Errors.invalidRequest('Missing required header for this request: Content-MD5 OR x-amz-checksum-*');
    const rules = parseLifecycle((await req.body.readAll(1024 * 1024)).toString('utf8'), () => randomBytes(24).toString('base64url'));
    return { bucket: req.bucket, rules };
  },
  prepare: (input, ctx) => loadBucket(ctx, input.bucket),
  checks: (input, _ctx, b) => [s3Check('s3:PutLifecycleConfiguration', b, undefined)],
  async handle(input, ctx) {
    await ctx.deps.store.repos.buckets.setLifecycle(input.bucket, JSON.stringify(input.rules));
    await publishBucket(ctx.deps, input.bucket);
    return {};
  },
});
