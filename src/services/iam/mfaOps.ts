/** Shared by the MFA device operations: two consecutive codes, device ownership. */
import { ServiceError } from '../../core/errors.js';
import type { IamMfaDevicesTable } from '../../store/schema-iam.js';
import type { OperationContext } from '../operation.js';
import { IamErrors, noSuchEntity } from './errors.js';
import { deviceSeed, getMfaDevice } from './mfa.js';
import { findStep, stepAt } from './totp.js';

export const invalidAuthCode = () => new ServiceError('InvalidAuthenticationCode', 'Authentication code for device is not valid.', 403);

/**
 * The first of two consecutive steps whose codes are code1 then code2, near now: code2 may be the current or
 * the next step's code (a device a little ahead), code1 the step before it.
 */
export async function consecutiveStep(ctx: OperationContext, d: IamMfaDevicesTable, code1: string, code2: string, window = 2): Promise<number> {
  const seed = await deviceSeed(ctx.deps, d);
  const now = stepAt(ctx.now);
  for (let s = now - window; s <= now + 1; s++) {
    if (findStep(seed, code1, s, s) === s && findStep(seed, code2, s + 1, s + 1) === s + 1) return s;
  }
  throw invalidAuthCode();
}

export async function requireDevice(ctx: OperationContext, serial: string): Promise<IamMfaDevicesTable> {
  const d = await getMfaDevice(ctx.deps, serial);
  if (!d || d.account_id !== ctx.caller.accountId) throw IamErrors.noSuchMfa(serial);
  return d;
}

export const notOnUser = (serial: string) => noSuchEntity(`MFA Device with serial number ${serial} does not exist.`);
