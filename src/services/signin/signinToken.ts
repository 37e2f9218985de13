/**
 * SigninTokens: what getSigninToken answers and login redeems. A token is sealed with the key ring (so any
 * process sharing it can open one), holds the caller's session token and the console session's duration,
 * expires 15 minutes after issue, and is single use: redeeming inserts its id into signin_used_tokens,
 * whose primary key lets exactly one redemption win, across processes sharing the store.
 */
import { randomBytes } from 'node:crypto';
import type { Deps } from '../../server/deps.js';

const AAD = 'tessera:signin-token:v1';
export const SIGNIN_TOKEN_LIFETIME_MS = 15 * 60 * 1000;
const MAX_TOKEN = 24 * 1024;

export interface SigninTokenClaims {
  /** Token id (single use). */
  id: string;
  /** Epoch ms after which the token is refused. */
  exp: number;
  /** The session token of the temporary credentials the token was made from. */
  tok: string;
  /** The console session's duration in seconds, when SessionDuration was given. */
  dur?: number;
}

export function sealSigninToken(deps: Deps, tok: string, dur: number | undefined, now: number): string {
  const claims: SigninTokenClaims = { id: randomBytes(16).toString('base64url'), exp: now + SIGNIN_TOKEN_LIFETIME_MS, tok };
  if (dur !== undefined) claims.dur = dur;
  return deps.keyring.sealBytes(Buffer.from(JSON.stringify(claims), 'utf8'), AAD);
}

export type RedeemResult = { ok: true; claims: SigninTokenClaims } | { ok: false; reason: 'invalid' | 'expired' | 'used' };

/** Opens and redeems a token: it is spent by this call whether or not what follows succeeds. */
export async function redeemSigninToken(deps: Deps, token: string, now: number): Promise<RedeemResult> {
  if (token.length === 0 || token.length > MAX_TOKEN) return { ok: false, reason: 'invalid' };
  const body = await deps.keyring.openBytes(token, AAD);
  if (!body) return { ok: false, reason: 'invalid' };
  let claims: SigninTokenClaims;
  try {
    claims = JSON.parse(body.toString('utf8')) as SigninTokenClaims;
  } catch {
    return { ok: false, reason: 'invalid' };
  }
  if (typeof claims.id !== 'string' || typeof claims.exp !== 'number' || typeof claims.tok !== 'string') return { ok: false, reason: 'invalid' };
  if (now >= claims.exp) return { ok: false, reason: 'expired' };
  if (!(await deps.store.repos.signinTokens.redeem(claims.id, claims.exp))) return { ok: false, reason: 'used' };
  // Forget ids whose tokens could no longer be redeemed anyway (cheap: indexed by expiry).
  await deps.store.repos.signinTokens.deleteExpiredBefore(now - 60_000);
  return { ok: true, claims };
}
