import { S3Errors } from '../errors.js';
import { taggedVersion, taggingTarget } from '../objectTagging.js';
import { bucketLockOf, hasIntegrityHeader, LockErrors, lockContext, parseLegalHold, storeLock, versionLockOf } from '../objectLock.js';
import { defineS3Operation } from '../operation.js';
import { s3Check } from '../resources.js';
import { loadVersion } from '../versionTarget.js';

/** PUT /bucket/key?legal-hold (?versionId=): Status ON or OFF (s3:PutObjectLegalHold with s3:object-lock-legal-hold). */
export const PutObjectLegalHold = defineS3Operation({
  name: 'PutObjectLegalHold',
  route: { method: 'PUT', target: 'object', query: ['legal-hold'] },
  async decode(req) {
    if (!hasIntegrityHeader(req.header, req.rawHeaders)) throw S3Errors.invalidRequest('Missing required header for this request: Content-MD5 OR x-amz-checksum-*');
    return { ...taggingTarget(req), hold: parseLegalHold((await req.body.readAll(64 * 1024)).toString('utf8')) };
  },
  prepare: (input, ctx) => loadVersion(ctx, input.bucket, input.key, input.versionId),
  checks: (input, ctx, p) => [s3Check('s3:PutObjectLegalHold', p.bucket, input.key, { context: lockContext({ hold: input.hold }, ctx.deps.clock.now()) })],
  async handle(input, ctx, p) {
    if (!bucketLockOf(p.bucket)) throw LockErrors.missing();
    const found = await ctx.deps.store.repos.objects.setLock(input.bucket, input.key, input.versionId, (row) => storeLock({ ...versionLockOf(row), hold: input.hold }));
    return { headers: taggedVersion(p.bucket, 'PUT', input, found).headers };
  },
});
