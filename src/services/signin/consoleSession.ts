/**
 * Console sessions. Starting one mints the session's OWN temporary credentials (the principal and session
 * claims of the credentials it came from, re-sealed with the console session's expiry, as AWS's console
 * session carries a distinct access key), stores them sealed in signin_console_sessions, and gives the
 * browser a cookie: a sealed reference {sid} (HttpOnly, SameSite=Lax, Path=/_console, Secure over TLS).
 * Ending one marks the row, so every process sharing the store refuses the cookie afterwards.
 */
import { randomBytes } from 'node:crypto';
import type { Caller, SessionInfo } from '../../auth/caller.js';
import type { Deps } from '../../server/deps.js';
import type { Exchange } from '../../server/exchange.js';
import type { SigninConsoleSessionsTable } from '../../store/schema-signin.js';
import { deriveCredentials, openSession, sealSession, type SessionPrincipal } from '../sts/api.js';
import { cookie } from './web.js';

export const COOKIE = 'tessera-console';
const COOKIE_AAD = 'tessera:console-cookie:v1';
const tokenAad = (id: string) => `console-session:${id}`;

export interface ConsoleCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
}

export interface ConsoleSession {
  row: SigninConsoleSessionsTable;
  caller: Caller;
  credentials: ConsoleCredentials;
}

export type SessionLookup =
  | { state: 'none' }
  | { state: 'ended' | 'expired'; issuer: string | null }
  | { state: 'active'; session: ConsoleSession };

export interface StartedSession {
  id: string;
  cookie: string;
  expiresAt: number;
}

export async function startConsoleSession(
  deps: Deps,
  ex: Exchange,
  opts: { principal: SessionPrincipal; session: SessionInfo; expiresAt: number; issuer: string | undefined },
): Promise<StartedSession> {
  const now = deps.clock.now();
  const session: SessionInfo = { ...opts.session, expiresAt: opts.expiresAt };
  const creds = sealSession(deps.keyring, opts.principal, session);
  const id = randomBytes(18).toString('base64url');
  await deps.store.repos.consoleSessions.insert({
    id,
    account_id: opts.principal.accountId,
    principal_arn: opts.principal.arn,
    created_at: now,
    expires_at: opts.expiresAt,
    ended_at: null,
    issuer: opts.issuer ?? null,
    token_cipher: deps.keyring.encrypt(creds.SessionToken, tokenAad(id)),
  });
  // Sessions that ended over a day ago are of no further use (not even for the Issuer redirect).
  await deps.store.repos.consoleSessions.deleteExpiredBefore(now - 86_400_000);
  const value = deps.keyring.sealBytes(Buffer.from(JSON.stringify({ sid: id }), 'utf8'), COOKIE_AAD);
  return { id, cookie: setCookie(ex, value), expiresAt: opts.expiresAt };
}

function setCookie(ex: Exchange, value: string, clear = false): string {
  const parts = [`${COOKIE}=${value}`, 'Path=/_console', 'HttpOnly', 'SameSite=Lax'];
  if (ex.secure) parts.push('Secure');
  if (clear) parts.push('Max-Age=0');
  return parts.join('; ');
}

export const clearCookie = (ex: Exchange) => setCookie(ex, '', true);

async function sessionIdOf(deps: Deps, ex: Exchange): Promise<string | undefined> {
  const value = cookie(ex, COOKIE);
  if (!value || value.length > 4096) return undefined;
  const body = await deps.keyring.openBytes(value, COOKIE_AAD);
  if (!body) return undefined;
  try {
    const { sid } = JSON.parse(body.toString('utf8')) as { sid?: unknown };
    return typeof sid === 'string' ? sid : undefined;
  } catch {
    return undefined;
  }
}

/** The browser's console session, if its cookie is ours and unaltered. */
export async function lookupConsoleSession(deps: Deps, ex: Exchange): Promise<SessionLookup> {
  const sid = await sessionIdOf(deps, ex);
  if (!sid) return { state: 'none' };
  const row = await deps.store.repos.consoleSessions.get(sid);
  if (!row) return { state: 'none' };
  if (row.ended_at !== null) return { state: 'ended', issuer: row.issuer };
  if (deps.clock.now() >= Number(row.expires_at)) return { state: 'expired', issuer: row.issuer };
  const token = await deps.keyring.decrypt(row.token_cipher, tokenAad(row.id));
  const claims = await openSession(deps.keyring, token);
  const derived = claims && deriveCredentials(deps.keyring, token, claims.c.accountId);
  if (!claims || !derived) return { state: 'none' };
  return {
    state: 'active',
    session: {
      row: { ...row, expires_at: Number(row.expires_at), created_at: Number(row.created_at) },
      caller: { ...claims.c, accessKeyId: derived.accessKeyId, session: claims.s },
      credentials: { accessKeyId: derived.accessKeyId, secretAccessKey: derived.secret, sessionToken: token },
    },
  };
}

/** Ends the browser's session (if any); returns its Issuer. */
export async function endConsoleSession(deps: Deps, ex: Exchange): Promise<{ issuer: string | null } | undefined> {
  const sid = await sessionIdOf(deps, ex);
  if (!sid) return undefined;
  const row = await deps.store.repos.consoleSessions.get(sid);
  await deps.store.repos.consoleSessions.end(sid, deps.clock.now());
  return row ? { issuer: row.issuer } : undefined;
}

/** Ends every console session of this session's principal ("sign out everywhere"); how many were open. */
export async function endAllConsoleSessions(deps: Deps, s: ConsoleSession): Promise<number> {
  return deps.store.repos.consoleSessions.endAllOf(s.row.account_id, s.row.principal_arn, deps.clock.now());
}
