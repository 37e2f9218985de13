import { s3Time, xmlDocument } from '../../../protocol/restxml/encode.js';
import { taggedVersion, taggingTarget } from '../objectTagging.js';
import { bucketLockOf, LockErrors, versionLockOf } from '../objectLock.js';
import { defineS3Operation } from '../operation.js';
import { s3Check } from '../resources.js';
import { loadVersion } from '../versionTarget.js';

/** GET /bucket/key?retention (?versionId=): the version's retention (s3:GetObjectRetention); NoSuchObjectLockConfiguration when it has none. */
export const GetObjectRetention = defineS3Operation({
  name: 'GetObjectRetention',
  route: { method: 'GET', target: 'object', query: ['retention'] },
  decode: taggingTarget,
  prepare: (input, ctx) => loadVersion(ctx, input.bucket, input.key, input.versionId),
  checks: (input, _ctx, p) => [s3Check('s3:GetObjectRetention', p.bucket, input.key)],
  async handle(input, _ctx, p) {
    if (!bucketLockOf(p.bucket)) throw LockErrors.missing();
    const { row, headers } = taggedVersion(p.bucket, 'GET', input, p.found);
    const l = versionLockOf(row);
    if (!l.mode || l.until === undefined) throw LockErrors.noVersionLock();
    return { headers, xml: xmlDocument('Retention', [['Mode', l.mode], ['RetainUntilDate', s3Time(l.until)]]) };
  },
});
