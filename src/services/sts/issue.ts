/**
 * Shared pieces of the credential-issuing operations: the session principal of a caller, MFA checking
 * (throttled per device by the shared authentication throttle inside IAM's check), and sealing.
 */
import type { Caller, SessionInfo } from '../../auth/caller.js';
import { ThrottledError } from '../../auth/throttle.js';
import type { OperationContext } from '../operation.js';
import { StsErrors } from './errors.js';
import { sealSession, type IssuedCredentials, type SessionPrincipal } from './session.js';
import { stsIam } from './state.js';

/** The principal part of a caller (what a GetSessionToken session stands for). */
export function principalOf(caller: Caller): SessionPrincipal {
  const { session: _s, accessKeyId: _k, ...principal } = caller;
  return principal;
}

/**
 * The expiry of a session of `seconds` issued at `now`: rounded up to the whole second, so the Expiration
 * the client sees (AWS prints seconds) is the exact moment the credentials stop working.
 */
export const expiryAt = (now: number, seconds: number) => Math.ceil((now + seconds * 1000) / 1000) * 1000;

/**
 * Verifies SerialNumber + TokenCode for the caller; returns the MFA authentication time, or undefined when
 * neither was given. Both or neither: one without the other is a failed MFA authentication.
 */
export async function checkMfa(
  input: { SerialNumber?: string | undefined; TokenCode?: string | undefined },
  ctx: OperationContext,
): Promise<number | undefined> {
  const { SerialNumber: serial, TokenCode: code } = input;
  if (serial === undefined && code === undefined) return undefined;
  if (serial === undefined || code === undefined) throw StsErrors.mfaUnknownSerial();
  const iam = stsIam(ctx.deps);
  try {
    await iam.verifyMfa({ caller: ctx.caller, serialNumber: serial, tokenCode: code, now: ctx.now });
  } catch (e) {
    // A locked device (by failures on any path, on any server sharing the store): no code was checked.
    if (e instanceof ThrottledError) throw StsErrors.mfaThrottled();
    throw e;
  }
  return ctx.now;
}

export function issue(ctx: OperationContext, principal: SessionPrincipal, session: SessionInfo): IssuedCredentials {
  return sealSession(ctx.deps.keyring, principal, session);
}
