/**
 * An identity-store user's sign-in on the device-approval page: user name + password (the scrypt hash
 * sealed with the key ring, bound to the user id), then the TOTP code when the user has MFA (each code
 * accepted once). Failures are counted per user name by the shared authentication throttle, and a user
 * name that does not exist costs the same scrypt work as one that does.
 */
import { beginAttempt } from '../../auth/throttle.js';
import type { Deps } from '../../server/deps.js';
import type { SsoUsersTable } from '../../store/schema-sso.js';
import { checkSealedHash, findStep, stepAt } from '../iam/api.js';
import { mfaAad, passwordAad } from './directory.js';

export type SigninOutcome =
  | { ok: true; user: SsoUsersTable }
  | { ok: false; reason: 'invalid' | 'mfa-required' | 'throttled'; retryAfterSeconds?: number };

export async function ssoUserSignin(deps: Deps, input: { userName: string; password: string; mfaCode?: string | undefined }, now: number): Promise<SigninOutcome> {
  const name = input.userName.trim().slice(0, 128);
  const attempt = await beginAttempt(deps.store, `sso-signin:${name.toLowerCase()}`, now);
  if (!attempt.allowed) return { ok: false, reason: 'throttled', retryAfterSeconds: attempt.retryAfterSeconds };
  const user = name ? await deps.store.repos.ssoDirectory.userByName(undefined, name) : undefined;
  const passwordOk = await checkSealedHash(deps.keyring, user ? passwordAad(user.id) : undefined, input.password.slice(0, 256), user?.password_cipher);
  if (!user || !passwordOk) return { ok: false, reason: 'invalid' };
  if (user.mfa_seed_cipher) {
    if (!input.mfaCode) return { ok: false, reason: 'mfa-required' };
    const seed = await deps.keyring.openBytes(user.mfa_seed_cipher, mfaAad(user.id));
    if (!seed || !/^\d{6}$/.test(input.mfaCode)) return { ok: false, reason: 'invalid' };
    const now30 = stepAt(now);
    const step = findStep(seed.toString('utf8'), input.mfaCode, now30 - 1, now30 + 1);
    if (step === undefined || !(await deps.store.repos.ssoDirectory.spendMfaStep(user.id, step))) return { ok: false, reason: 'invalid' };
  }
  await attempt.succeeded();
  return { ok: true, user };
}
