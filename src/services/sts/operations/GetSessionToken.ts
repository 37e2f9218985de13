import { StsErrors } from '../errors.js';
import { defineOperation } from '../../operation.js';
import { checkMfa, issue, expiryAt, principalOf } from '../issue.js';
import type { IssuedCredentials } from '../session.js';

const DEFAULT_SECONDS = 43_200;
const ROOT_MAX_SECONDS = 3_600;

/**
 * sts:GetSessionToken — needs no permission (AWS: "you cannot use policies to control authentication
 * operations"). Long-term credentials only. 900–129,600 s (the model checks), default 43,200; the root
 * user's sessions last at most one hour (longer requests are shortened, as on AWS). With SerialNumber +
 * TokenCode the session carries MFA (aws:MultiFactorAuthPresent, aws:MultiFactorAuthAge).
 */
export default defineOperation<
  { DurationSeconds?: number; SerialNumber?: string; TokenCode?: string },
  { Credentials: IssuedCredentials },
  { mfaAuthTime: number | undefined }
>({
  service: 'sts',
  name: 'GetSessionToken',
  /** Session credentials are refused before any MFA code is checked (and spent). */
  prepare: async (input, ctx) => {
    if (ctx.caller.session) throw StsErrors.sessionCredentials('GetSessionToken');
    return { mfaAuthTime: await checkMfa(input, ctx) };
  },
  checks: () => [],
  handle: async (input, ctx, { mfaAuthTime }) => {
    const { caller } = ctx;
    let seconds = input.DurationSeconds ?? DEFAULT_SECONDS;
    if (caller.type === 'root') seconds = Math.min(seconds, ROOT_MAX_SECONDS);
    const issuedAt = ctx.now;
    const credentials = issue(ctx, principalOf(caller), {
      issuedBy: 'GetSessionToken',
      issuedAt,
      expiresAt: expiryAt(issuedAt, seconds),
      sourceArn: caller.arn,
      ...(mfaAuthTime !== undefined ? { mfaAuthTime } : {}),
    });
    return { Credentials: credentials };
  },
});
