/**
 * Virtual MFA devices: seeds sealed with the key ring, and the check STS calls for SerialNumber + TokenCode:
 *
 *   verifyMfaCode(deps, { accountId, callerUserName | root, serialNumber, code, now }) → { authTime }
 *
 * A code is accepted for the current 30-second step and one step either side; each device remembers the last
 * step it accepted (a conditional update, so two processes cannot both accept one code), and a code is
 * single-use: a step at or before the remembered one is refused. Every check of a code counts in the shared
 * authentication throttle under the device's serial (auth/throttle.ts): console sign-in, GetSessionToken and
 * AssumeRole spend one budget, and while the device is locked no code is checked at all.
 */
import { beginAttempt, ThrottledError, throttleKeys } from '../../auth/throttle.js';
import { Errors } from '../../core/errors.js';
import type { Deps } from '../../server/deps.js';
import type { IamMfaDevicesTable } from '../../store/schema-iam.js';
import { findStep, stepAt } from './totp.js';

export const seedAad = (serial: string) => `mfa-seed:${serial}`;

export const MfaMessages = {
  invalidCode: 'MultiFactorAuthentication failed with invalid MFA one time pass code.',
  notAssociated:
    'MultiFactorAuthentication failed, unable to validate MFA code. Please verify your MFA serial number is valid and associated with this user.',
  throttled: 'MultiFactorAuthentication failed, too many failed attempts. Try again later.',
};

/** True when an MFA check was refused because the device is locked (no code was checked). */
export const isMfaThrottled = (e: unknown): e is ThrottledError => e instanceof ThrottledError;

export const getMfaDevice = (deps: Deps, serial: string): Promise<IamMfaDevicesTable | undefined> =>
  deps.store.repos.mfaDevices.get(serial);

export const deviceSeed = (deps: Deps, d: IamMfaDevicesTable): Promise<string> => deps.keyring.decrypt(d.seed_cipher, seedAad(d.serial));

/** Marks `step` used on the device if no later or equal step was used: true when this call won. */
export const claimStep = (deps: Deps, serial: string, step: number): Promise<boolean> => deps.store.repos.mfaDevices.claimStep(serial, step);

export interface VerifyMfaInput {
  accountId: string;
  /** The IAM user presenting the code (omit with root: true for the account root). */
  callerUserName?: string | undefined;
  root?: boolean | undefined;
  serialNumber: string;
  code: string;
  /** Epoch ms. */
  now: number;
}

/**
 * Verifies a TOTP code for the caller's device; AccessDenied with AWS's messages otherwise, a ThrottledError
 * (AccessDenied, MfaMessages.throttled) while the device is locked. The throttle is consulted only once the
 * device is known to be the caller's, so nobody can lock another user's device without its first factor.
 */
export async function verifyMfaCode(deps: Deps, input: VerifyMfaInput): Promise<{ authTime: number }> {
  const device = await getMfaDevice(deps, input.serialNumber);
  let ownerId: string | undefined;
  if (input.root) ownerId = input.accountId;
  else if (input.callerUserName) ownerId = (await deps.store.repos.entities.get(input.accountId, 'user', input.callerUserName))?.id;
  if (!device || device.account_id !== input.accountId || !ownerId || device.user_id !== ownerId || device.enable_date === null) {
    throw Errors.accessDenied(MfaMessages.notAssociated);
  }
  const attempt = await beginAttempt(deps.store, throttleKeys.mfa(device.serial), input.now);
  if (!attempt.allowed) throw new ThrottledError('AccessDenied', MfaMessages.throttled, 403, attempt.retryAfterSeconds);
  if (!/^\d{6}$/.test(input.code)) throw Errors.accessDenied(MfaMessages.invalidCode);
  const seed = await deviceSeed(deps, device);
  const now = stepAt(input.now);
  const step = findStep(seed, input.code, now - 1, now + 1);
  if (step === undefined || !(await claimStep(deps, device.serial, step))) throw Errors.accessDenied(MfaMessages.invalidCode);
  await attempt.succeeded();
  return { authTime: input.now };
}
