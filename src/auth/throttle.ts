/**
 * The one authentication throttle, shared by console sign-in (passwords, root secrets), IAM's ChangePassword
 * and every MFA check (console and STS). State lives in the store's `auth_throttles` table, so every server
 * on one database counts into the same budget; nothing is kept in process memory.
 *
 * An attempt is recorded BEFORE the secret is checked (so parallel requests cannot all slip under the
 * limit), and while a key is locked the attempt is refused without checking anything (no oracle). After
 * LOCK_AT failures the key is locked for 60 s, doubling with each further failure up to 1 hour; a success
 * clears the key; a key's failures are forgotten an hour after its lock ended. Rows are deleted by age only.
 *
 * Keys are canonical (see throttleKeys): a console user by resolved account id + lower-cased user name (so
 * the alias, the id and padded spellings share one budget), root by account id, MFA by device serial.
 */
import { randomBytes } from 'node:crypto';
import { ServiceError } from '../core/errors.js';
import { lockDelay, type ThrottleRule } from '../store/repos/throttles.js';
import type { Store } from '../store/store.js';

export const THROTTLE_RULE: ThrottleRule = { lockAt: 5, baseDelayMs: 60_000, maxDelayMs: 3_600_000, forgetAfterMs: 3_600_000 };
/** Rows whose last failure is older than this are forgotten whatever their count. */
export const THROTTLE_RETENTION_MS = THROTTLE_RULE.maxDelayMs + THROTTLE_RULE.forgetAfterMs;
const PURGE_EVERY_MS = 60_000;
const KEY_PART_MAX = 128;

export type Attempt =
  | { allowed: true; /** The secret was right: the key starts afresh. */ succeeded(): Promise<void> }
  | { allowed: false; /** Whole seconds until the lock ends. */ retryAfterSeconds: number };

/** A refusal because the key is locked; the caller's protocol decides how it reads. */
export class ThrottledError extends ServiceError {
  constructor(
    code: string,
    message: string,
    status: number,
    readonly retryAfterSeconds: number,
  ) {
    super(code, message, status);
  }
}

const lastPurge = new WeakMap<Store, number>();

/** Deletes expired rows, at most once a minute per process (by age: volume never clears a key). */
async function purgeExpired(store: Store, now: number): Promise<void> {
  if (now - (lastPurge.get(store) ?? -Infinity) < PURGE_EVERY_MS) return;
  lastPurge.set(store, now);
  await store.repos.throttles.deleteBefore(now - THROTTLE_RETENTION_MS);
}

/** Starts an attempt on `key`: refused while the key is locked, else counted as a failure until succeeded(). */
export async function beginAttempt(store: Store, key: string, now: number): Promise<Attempt> {
  await purgeExpired(store, now);
  const id = randomBytes(12).toString('base64url');
  const row = await store.repos.throttles.claimAttempt(key, now, id, THROTTLE_RULE);
  if (row.attempt !== id) {
    const until = row.last_failure_at + lockDelay(THROTTLE_RULE, row.failures);
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((until - now) / 1000)) };
  }
  return { allowed: true, succeeded: () => store.repos.throttles.clear(key) };
}

const norm = (s: string | undefined) => (s ?? '').trim().toLowerCase().slice(0, KEY_PART_MAX);

export const throttleKeys = {
  /**
   * An IAM user's console password. `accountId` is the account resolved from the id or alias; when it did
   * not resolve, the normalized input still names one bounded budget.
   */
  userSignin: (accountId: string | undefined, accountInput: string | undefined, userName: string | undefined) =>
    accountId ? `signin:${accountId}:${norm(userName)}` : `signin:?:${norm(accountInput)}:${norm(userName)}`,
  /** The account root's console sign-in (its access key id + secret); by account when the key resolved. */
  rootSignin: (accountId: string | undefined, accessKeyIdInput: string | undefined) =>
    accountId ? `signin-root:${accountId}` : `signin-root:?:${norm(accessKeyIdInput)}`,
  /** One MFA device, whichever path presents its codes (console, GetSessionToken, AssumeRole). */
  mfa: (serial: string) => `mfa:${serial}`,
};
