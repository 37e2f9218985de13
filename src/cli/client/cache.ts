/**
 * The session cache: MFA sessions (GetSessionToken) and role sessions (AssumeRole), one sealed file per
 * session under ~/.tessera/sessions/ (mode 0600, AES-256-GCM, see secretBox.ts). An entry is reused until
 * REFRESH_MARGIN_MS before it expires; a file that does not open is reported as tampered, never silently
 * replaced, so the user learns that something wrote to it.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { clientHome, ensureDir, writePrivateFile } from './home.js';
import { open, seal } from './secretBox.js';

/** Cached credentials are renewed this long before they expire. */
export const REFRESH_MARGIN_MS = 5 * 60_000;

export type SessionKind = 'session' | 'role';

export interface CachedSession {
  kind: SessionKind;
  /** The profile the session belongs to (the MFA session: the profile holding the keys). */
  profile: string;
  /** The MFA serial (kind session) or the role ARN (kind role). */
  label: string;
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  /** ISO 8601. */
  expiration: string;
  issuedAt: string;
  /** When the MFA code was verified (this session's or its source's), ISO 8601. */
  mfaAuthTime?: string;
  /** A role session whose source was itself a role session (role chaining: at most one hour). */
  chained?: boolean;
  arn?: string;
}

export type CacheRead = { state: 'missing' } | { state: 'tampered'; path: string } | { state: 'ok'; entry: CachedSession };

export function sessionsDir(): string {
  return join(clientHome(), 'sessions');
}

export function cacheId(kind: SessionKind, profile: string, sourceKeyId: string, label: string): string {
  return createHash('sha256').update(JSON.stringify([kind, profile, sourceKeyId, label])).digest('hex').slice(0, 32);
}

const aad = (id: string) => `tessera-session:${id}`;

export function readSession(id: string): CacheRead {
  const path = join(sessionsDir(), id);
  if (!existsSync(path)) return { state: 'missing' };
  const text = open(readFileSync(path), aad(id));
  if (text === undefined) return { state: 'tampered', path };
  try {
    return { state: 'ok', entry: JSON.parse(text) as CachedSession };
  } catch {
    return { state: 'tampered', path };
  }
}

export function writeSession(id: string, entry: CachedSession): void {
  writePrivateFile(join(ensureDir(sessionsDir()), id), seal(JSON.stringify(entry), aad(id)));
}

export function removeSession(id: string): void {
  rmSync(join(sessionsDir(), id), { force: true });
}

export function listSessions(): { id: string; read: CacheRead }[] {
  const dir = sessionsDir();
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((n) => /^[0-9a-f]{32}$/.test(n))
    .sort()
    .map((id) => ({ id, read: readSession(id) }));
}

export function isFresh(entry: CachedSession, now = Date.now()): boolean {
  return Date.parse(entry.expiration) - now > REFRESH_MARGIN_MS;
}
