/**
 * MFA seeds stored with `tessera mfa add`: one sealed file per device under ~/.tessera/mfa/ (see
 * secretBox.ts), with the last TOTP step this client spent. Servers (AWS, Tessera) accept a code once and
 * tolerate one step of clock drift, so a second session inside the same 30 s uses the next step's code, and
 * after that the client waits for the clock rather than being refused.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { Secret, TOTP } from 'otpauth';
import { clientHome, ensureDir, writePrivateFile } from './home.js';
import { open, seal } from './secretBox.js';
import { configError } from './exitCodes.js';

export const STEP_SECONDS = 30;

interface SeedEntry {
  serial: string;
  seed: string;
  lastStep?: number;
}

const dir = () => join(clientHome(), 'mfa');
const idOf = (serial: string) => createHash('sha256').update(serial).digest('hex').slice(0, 32);
const aad = (id: string) => `tessera-mfa-seed:${id}`;

export function normalizeSeed(seed: string): string {
  const s = seed.replace(/[\s-]/g, '').replace(/=+$/, '').toUpperCase();
  if (!/^[A-Z2-7]{16,128}$/.test(s)) throw configError('the MFA seed must be the base32 secret (the Base32StringSeed of the virtual MFA device)');
  return s;
}

function read(serial: string): SeedEntry | undefined {
  const id = idOf(serial);
  const path = join(dir(), id);
  if (!existsSync(path)) return undefined;
  const text = open(readFileSync(path), aad(id));
  if (text === undefined) throw configError(`the stored MFA seed for ${serial} does not open (tampered, or the key file changed): run \`tessera mfa remove ${serial}\` and add it again`);
  return JSON.parse(text) as SeedEntry;
}

function write(e: SeedEntry): void {
  const id = idOf(e.serial);
  writePrivateFile(join(ensureDir(dir()), id), seal(JSON.stringify(e), aad(id)));
}

export function addSeed(serial: string, seed: string): void {
  write({ serial, seed: normalizeSeed(seed) });
}

export function removeSeed(serial: string): boolean {
  const path = join(dir(), idOf(serial));
  const had = existsSync(path);
  rmSync(path, { force: true });
  return had;
}

export function listSeeds(): string[] {
  if (!existsSync(dir())) return [];
  const out: string[] = [];
  for (const id of readdirSync(dir()).filter((n) => /^[0-9a-f]{32}$/.test(n))) {
    const text = open(readFileSync(join(dir(), id)), aad(id));
    out.push(text === undefined ? `(unreadable entry ${id})` : (JSON.parse(text) as SeedEntry).serial);
  }
  return out.sort();
}

export function hasSeed(serial: string): boolean {
  return existsSync(join(dir(), idOf(serial)));
}

export function codeAt(seed: string, step: number): string {
  return TOTP.generate({ secret: Secret.fromBase32(seed), algorithm: 'SHA1', digits: 6, period: STEP_SECONDS, timestamp: step * STEP_SECONDS * 1000 });
}

/**
 * A code not spent by this client: the current step's, else the next one (within the servers' drift
 * window), else waits for the clock. `after` skips steps up to and including it (a refused code's step).
 */
export async function nextCode(serial: string, opts: { now?: () => number; sleep?: (ms: number) => Promise<void>; after?: number; onWait?: (seconds: number) => void } = {}): Promise<{ code: string; step: number } | undefined> {
  const e = read(serial);
  if (!e) return undefined;
  const now = opts.now ?? Date.now;
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const spent = Math.max(e.lastStep ?? -1, opts.after ?? -1);
  let current = Math.floor(now() / 1000 / STEP_SECONDS);
  if (spent >= current + 1) {
    const waitMs = spent * STEP_SECONDS * 1000 - now() + 50;
    opts.onWait?.(Math.ceil(waitMs / 1000));
    await sleep(waitMs);
    current = Math.floor(now() / 1000 / STEP_SECONDS);
  }
  const step = Math.max(current, spent + 1);
  write({ ...e, lastStep: step });
  return { code: codeAt(e.seed, step), step };
}
