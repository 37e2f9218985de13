import { xmlDocument } from '../../../protocol/restxml/encode.js';
import { taggedVersion, taggingTarget } from '../objectTagging.js';
import { bucketLockOf, LockErrors, versionLockOf } from '../objectLock.js';
import { defineS3Operation } from '../operation.js';
import { s3Check } from '../resources.js';
import { loadVersion } from '../versionTarget.js';

/** GET /bucket/key?legal-hold (?versionId=): the version's legal hold status (s3:GetObjectLegalHold). */
export const GetObjectLegalHold = defineS3Operation({
  name: 'GetObjectLegalHold',
  route: { method: 'GET', target: 'object', query: ['legal-hold'] },
  decode: taggingTarget,
  prepare: (input, ctx) => loadVersion(ctx, input.bucket, input.key, input.versionId),
  checks: (input, _ctx, p) => [s3Check('s3:GetObjectLegalHold', p.bucket, input.key)],
  async handle(input, _ctx, p) {
    if (!bucketLockOf(p.bucket)) throw LockErrors.missing();
    const { row, headers } = taggedVersion(p.bucket, 'GET', input, p.found);
    if (!row.object_lock) throw LockErrors.noVersionLock();
    return { headers, xml: xmlDocument('LegalHold', [['Status', versionLockOf(row).hold ? 'ON' : 'OFF']]) };
  },
});
