/**
 * An identity-store user's sign-in on the device-approval page: user name + password (the scrypt hash
 * sealed with the key ring, bound to the user id), then the TOTP code when the user has MFA (each code
 * accepted once). Failures are counted per user name by the shared authentication throttle, and a user
 * name that does not exist costs the same scrypt work as one that does.
 */
import { beginAttempt } from '../../auth/throttle.js';
import type { Deps } from '../../server/deps.js';
import type { SsoUsersTable } from '../../store/schema-sso.js';
import { findStep, stepAt, verifyPassword } from '../iam/api.js';
import { mfaAad, passwordAad } from './directory.js';

/** A valid scrypt hash of a random password: an unknown user costs what a real one does. */
const DUMMY_HASH = 'scrypt$16384$8$1$DITH/V42KB8HdiKu7gX2hQ==$I+nuVa7HjuJjj4FYlKXc7JvHSpQ8UurIJwKxfqD6J4A=';

export type SigninOutcome =
  | { ok: true; user: SsoUsersTable }
  | { ok: false; reason: 'invalid' | 'mfa-required' | 'throttled'; retryAfterSeconds?: number };

export async function ssoUserSignin(deps: Deps, input: { userName: string; password: string; mfaCode?: string | undefined }, now: number): Promise<SigninOutcome> {
  const name = input.userName.trim().slice(0, 128);
  const attempt = await beginAttempt(deps.store, `sso-signin:${name.toLowerCase()}`, now);
  if (!attempt.allowed) return { ok: false, reason: 'throttled', retryAfterSeconds: attempt.retryAfterSeconds };
  const user = name ? await deps.store.repos.ssoDirectory.userByName(undefined, name) : undefined;
  const opened = user?.password_cipher ? await deps.keyring.openBytes(user.password_cipher, passwordAad(user.id)) : null;
  const passwordOk = await verifyPassword(input.password.slice(0, 256), opened ? opened.toString('utf8') : DUMMY_HASH);
  if (!user || !opened || !passwordOk) return { ok: false, reason: 'invalid' };
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
