/**
 * Encryption at rest for the client's caches and MFA seeds: AES-256-GCM under a machine-local key file
 * (32 random bytes, ~/.tessera/key, mode 0600, created on first use). The OS keyring was the other option;
 * no keyring library installs here without a download step and a container has no secret service, so the
 * key file it is. Each sealed blob is bound to its purpose and name (the AEAD's associated data): a file
 * copied over another, or changed by one bit, does not open.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { clientHome, ensureDir, writePrivateFile } from './home.js';
import { configError } from './exitCodes.js';

const MAGIC = Buffer.from('TSB1');
const IV_BYTES = 12;
const TAG_BYTES = 16;

export function keyPath(): string {
  return join(clientHome(), 'key');
}

function loadKey(create: boolean): Buffer | undefined {
  const path = keyPath();
  if (!existsSync(path)) {
    if (!create) return undefined;
    ensureDir(clientHome());
    writePrivateFile(path, randomBytes(32));
  }
  const st = statSync(path);
  if ((st.mode & 0o077) !== 0) {
    throw configError(`the key file ${path} is readable by other users (mode ${(st.mode & 0o777).toString(8)}); run: chmod 600 ${path}`);
  }
  const key = readFileSync(path);
  if (key.length !== 32) throw configError(`the key file ${path} is damaged (expected 32 bytes); remove it and run \`tessera sessions clear\``);
  return key;
}

export function seal(plaintext: string, associated: string): Buffer {
  const key = loadKey(true)!;
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(associated, 'utf8'));
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return Buffer.concat([MAGIC, iv, cipher.getAuthTag(), body]);
}

/** The plaintext, or undefined when the blob does not open (tampered, another key, another name). */
export function open(blob: Buffer, associated: string): string | undefined {
  const key = loadKey(false);
  if (!key) return undefined;
  if (blob.length < MAGIC.length + IV_BYTES + TAG_BYTES || !blob.subarray(0, MAGIC.length).equals(MAGIC)) return undefined;
  const iv = blob.subarray(MAGIC.length, MAGIC.length + IV_BYTES);
  const tag = blob.subarray(MAGIC.length + IV_BYTES, MAGIC.length + IV_BYTES + TAG_BYTES);
  const body = blob.subarray(MAGIC.length + IV_BYTES + TAG_BYTES);
  try {
    const d = createDecipheriv('aes-256-gcm', key, iv);
    d.setAAD(Buffer.from(associated, 'utf8'));
    d.setAuthTag(tag);
    return Buffer.concat([d.update(body), d.final()]).toString('utf8');
  } catch {
    return undefined;
  }
}
