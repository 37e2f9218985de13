import { S3Errors } from '../errors.js';
import { taggedVersion, taggingTarget } from '../objectTagging.js';
import { bucketLockOf, bypassProbes, bypassRequested, changeRetention, hasIntegrityHeader, LockErrors, lockContext, parseRetention, versionLockOf } from '../objectLock.js';
import { defineS3Operation } from '../operation.js';
import { s3Check } from '../resources.js';
import { loadVersion } from '../versionTarget.js';

/**
 * PUT /bucket/key?retention (?versionId=): sets, extends, shortens or removes a version's retention
 * (s3:PutObjectRetention with the s3:object-lock-* keys of the new retention). While a retention is in
 * force, COMPLIANCE may only be extended; GOVERNANCE may be shortened or removed only with
 * x-amz-bypass-governance-retention: true and s3:BypassGovernanceRetention (else AccessDenied).
 */
export const PutObjectRetention = defineS3Operation({
  name: 'PutObjectRetention',
  route: { method: 'PUT', target: 'object', query: ['retention'] },
  async decode(req) {
    if (!hasIntegrityHeader(req.header, req.rawHeaders)) throw S3Errors.invalidRequest('Missing required header for this request: Content-MD5 OR x-amz-checksum-*');
    const retention = parseRetention((await req.body.readAll(64 * 1024)).toString('utf8'));
    return { ...taggingTarget(req), retention, bypass: bypassRequested(req.header) };
  },
  prepare: (input, ctx) => loadVersion(ctx, input.bucket, input.key, input.versionId),
  checks: (input, ctx, p) => [s3Check('s3:PutObjectRetention', p.bucket, input.key, { context: lockContext(input.retention, ctx.deps.clock.now()) })],
  probes: (input, _ctx, p) => bypassProbes(input.bypass, p.bucket, input.key),
  async handle(input, ctx, p) {
    if (!bucketLockOf(p.bucket)) throw LockErrors.missing();
    const bypass = input.bypass && ctx.allowed('bypass');
    const now = ctx.deps.clock.now();
    const found = await ctx.deps.store.repos.objects.setLock(input.bucket, input.key, input.versionId, (row) =>
      changeRetention(versionLockOf(row), input.retention, now, bypass),
    );
    return { headers: taggedVersion(p.bucket, 'PUT', input, found).headers };
  },
});
