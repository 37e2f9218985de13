/**
 * What temporary credentials may not do whatever the policies say (AWS's rules, IAM User Guide,
 * "Compare AWS STS credentials"):
 *  - GetSessionToken credentials: no IAM call unless the session has MFA (InvalidClientTokenId, as AWS
 *    answers); of STS only AssumeRole and GetCallerIdentity.
 *  - GetFederationToken credentials: no IAM call; of STS only GetCallerIdentity.
 * GetSessionToken refuses every session itself ("Cannot call GetSessionToken with session credentials").
 */
import type { Caller } from '../../auth/caller.js';
import { Errors } from '../../core/errors.js';
import type { AuthzCheck } from '../operation.js';
import { StsErrors } from './errors.js';

const STS_ALLOWED: Record<string, ReadonlySet<string>> = {
  GetSessionToken: new Set(['assumerole', 'getcalleridentity']),
  GetFederationToken: new Set(['getcalleridentity']),
};

export function checkSessionRestrictions(caller: Caller, checks: readonly AuthzCheck[]): void {
  const s = caller.session;
  if (!s) return;
  const allowedSts = STS_ALLOWED[s.issuedBy];
  if (!allowedSts) return;
  for (const check of checks) {
    const colon = check.action.indexOf(':');
    const service = check.action.slice(0, colon).toLowerCase();
    const name = check.action.slice(colon + 1);
    if (service === 'iam' && (s.issuedBy === 'GetFederationToken' || s.mfaAuthTime === undefined)) {
      throw Errors.invalidClientTokenId();
    }
    if (service === 'sts' && !allowedSts.has(name.toLowerCase())) throw StsErrors.sessionCredentials(name);
  }
}
