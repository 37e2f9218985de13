import { defineOperation } from '../../operation.js';
import { CloudTrailErrors } from '../errors.js';

/**
 * cloudtrail:ListPublicKeys — the public keys of this region's digest signing keys valid at some time in
 * [StartTime, EndTime] (both default to now): PKCS #1 DER, with validity and fingerprint (a digest file's
 * digestPublicKeyFingerprint). One page: keys live 30 days.
 */
export default defineOperation<{ StartTime?: Date; EndTime?: Date; NextToken?: string }, unknown>({
  service: 'cloudtrail',
  name: 'ListPublicKeys',
  checks: () => [{ action: 'cloudtrail:ListPublicKeys', resource: '*' }],
  handle: async (input, { deps, now }) => {
    const start = input.StartTime?.getTime() ?? now;
    const end = input.EndTime?.getTime() ?? now;
    if (start > end) throw CloudTrailErrors.invalidTimeRange();
    const keys = await deps.store.repos.audit.signingKeys(deps.config.region, start, end);
    return {
      PublicKeyList: keys.map((k) => ({ Value: Buffer.from(k.public_key, 'base64'), ValidityStartTime: k.valid_from, ValidityEndTime: k.valid_to, Fingerprint: k.fingerprint })),
    };
  },
});
