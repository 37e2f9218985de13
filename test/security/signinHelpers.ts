/**
 * The console sign-in call of the throttle tests, in one place: how the console is reached (its port, the
 * CSRF header) lives only in consoleSignin, so it can follow the console wherever it moves.
 */
import assert from 'node:assert/strict';
import type { TestServer } from '../helpers/server.js';

export const PASSWORD = 'Throttle-Test-Pa55word!';
export const MFA_LOCKED = 'MultiFactorAuthentication failed, too many failed attempts. Try again later.';
export const MFA_INVALID = 'MultiFactorAuthentication failed with invalid MFA one time pass code.';

export interface SigninAnswer {
  status: number;
  retryAfter: string | null;
  body: { error?: string; message?: string; mfaRequired?: boolean; retryAfterSeconds?: number; arn?: string };
}

/**
 * POST /_console/api/signin as the console's own page does: on the console's own origin (its listener), with
 * `x-tessera-console: 1` (the sign-in call has no session yet, so no anti-CSRF token).
 */
export async function consoleSignin(s: TestServer, fields: Record<string, string>): Promise<SigninAnswer> {
  assert.ok(s.consoleUrl, 'the server has a console listener');
  const r = await fetch(`${s.consoleUrl}/_console/api/signin`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-tessera-console': '1' },
    body: JSON.stringify(fields),
  });
  return { status: r.status, retryAfter: r.headers.get('retry-after'), body: (await r.json()) as SigninAnswer['body'] };
}

/** A 429 with the seconds left in Retry-After and the body, at most `max` and more than `min`. */
export function assertLocked(a: SigninAnswer, min = 0, max = 60) {
  assert.equal(a.status, 429, JSON.stringify(a.body));
  assert.equal(a.body.error, 'SigninFailed');
  assert.match(a.body.message!, /^Too many failed sign-in attempts\. Try again in \d+ seconds\.$/);
  const secs = Number(a.retryAfter);
  assert.equal(a.body.retryAfterSeconds, secs);
  assert.ok(secs > min && secs <= max, `Retry-After ${secs} not in (${min}, ${max}]`);
}

/** A six-digit code that is not `good`. */
export const wrongCode = (good: string) => String((Number(good) + 1) % 1_000_000).padStart(6, '0');
