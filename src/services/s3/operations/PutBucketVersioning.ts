import { malformedXml, parseXmlDocument, textOf } from '../../../protocol/restxml/parse.js';
import { S3Errors } from '../errors.js';
import { defineS3Operation } from '../operation.js';
import { loadBucket, publishBucket, s3Check } from '../resources.js';
import { bucketLockOf, LockErrors } from '../objectLock.js';

/** The VersioningConfiguration document → its Status (undefined: MfaDelete Disabled alone), as S3 checks it. */
export function parseVersioningConfiguration(text: string, mfaHeader = false): 'Enabled' | 'Suspended' | undefined {
  const doc = parseXmlDocument(text, 'VersioningConfiguration');
  const status = textOf(doc, 'Status');
  const mfaDelete = textOf(doc, 'MfaDelete');
  if (status !== undefined && status !== 'Enabled' && status !== 'Suspended') throw malformedXml();
  if (mfaDelete !== undefined && mfaDelete !== 'Enabled' && mfaDelete !== 'Disabled') throw malformedXml();
  if (mfaDelete === 'Enabled' || mfaHeader) throw S3Errors.notImplemented('MFA delete is not implemented');
  if (status === undefined && mfaDelete === undefined) throw S3Errors.illegalVersioningConfiguration();
  return status;
}

/**
 * PUT /bucket?versioning: Status Enabled or Suspended (a bucket once versioned is never unversioned
 * again). MFA delete is not implemented: MfaDelete Enabled, or an x-amz-mfa header, answers NotImplemented.
 */
export const PutBucketVersioning = defineS3Operation({
  name: 'PutBucketVersioning',
  route: { method: 'PUT', target: 'bucket', query: ['versioning'] },
  async decode(req) {
    const status = parseVersioningConfiguration((await req.body.readAll(64 * 1024)).toString('utf8'), req.header('x-amz-mfa') !== undefined);
    return { bucket: req.bucket, status };
  },
  prepare: (input, ctx) => loadBucket(ctx, input.bucket),
  checks: (input, _ctx, b) => [s3Check('s3:PutBucketVersioning', b, undefined)],
  async handle(input, ctx, b) {
    if (input.status === 'Suspended' && bucketLockOf(b)) throw LockErrors.cannotSuspend();
    if (input.status) {
      await ctx.deps.store.repos.buckets.setVersioning(input.bucket, input.status);
      await publishBucket(ctx.deps, input.bucket);
    }
    return {};
  },
});
