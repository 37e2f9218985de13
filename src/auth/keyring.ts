/**
 * The key ring. A 32-byte master key (TESSERA_MASTER_KEY, or the file master.key with mode 0600 in the data
 * directory) wraps the data keys kept in the store's `keyring` table. Data keys encrypt every secret at rest
 * (access-key secrets, MFA seeds, console password hashes) and seal session tokens, with AES-256-GCM and an
 * associated-data string that binds each ciphertext to what it belongs to. A dump of the database alone
 * opens nothing.
 *
 * Rotation (`tessera admin rotate-keys`) adds a data key; new material uses the newest key, and older keys
 * stay to open what they sealed. Every process sharing the store learns of new keys on first sight of an
 * unknown key id.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBase32 } from '../core/ids.js';
import type { Store } from '../store/store.js';

const IV = 12;
const TAG = 16;

function seal(key: Buffer, plaintext: Buffer, aad: string): Buffer {
  const iv = randomBytes(IV);
  const c = createCipheriv('aes-256-gcm', key, iv);
  c.setAAD(Buffer.from(aad, 'utf8'));
  const body = Buffer.concat([c.update(plaintext), c.final()]);
  return Buffer.concat([iv, body, c.getAuthTag()]);
}

/** Opens a sealed buffer; null when it was altered, or sealed under another key or associated data. */
function open(key: Buffer, sealed: Buffer, aad: string): Buffer | null {
  if (sealed.length < IV + TAG) return null;
  try {
    const d = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, IV));
    d.setAAD(Buffer.from(aad, 'utf8'));
    d.setAuthTag(sealed.subarray(sealed.length - TAG));
    return Buffer.concat([d.update(sealed.subarray(IV, sealed.length - TAG)), d.final()]);
  } catch {
    return null;
  }
}

/** Parses a master key given as 64 hex characters or base64 of 32 bytes. */
export function parseMasterKey(text: string): Buffer {
  const t = text.trim();
  const k = /^[0-9a-fA-F]{64}$/.test(t) ? Buffer.from(t, 'hex') : Buffer.from(t, 'base64');
  if (k.length !== 32) throw new Error('the master key must be 32 bytes (64 hex characters or base64)');
  return k;
}

/** The master key: from the environment, else the data directory's master.key (created on first start). */
export function loadMasterKey(opts: { envValue?: string | undefined; dataDir?: string | undefined; memory?: boolean }): Buffer {
  if (opts.envValue) return parseMasterKey(opts.envValue);
  if (opts.memory || !opts.dataDir) return randomBytes(32);
  const file = join(opts.dataDir, 'master.key');
  if (existsSync(file)) return parseMasterKey(readFileSync(file, 'utf8'));
  mkdirSync(opts.dataDir, { recursive: true, mode: 0o700 });
  const key = randomBytes(32);
  writeFileSync(file, key.toString('hex') + '\n', { mode: 0o600, flag: 'wx' });
  chmodSync(file, 0o600);
  return key;
}

export class KeyRing {
  private readonly keys = new Map<string, Buffer>();
  private currentId = '';

  private constructor(
    private readonly master: Buffer,
    private readonly store: Store,
  ) {}

  /** Loads the data keys, creating the first one if the store has none. */
  static async open(master: Buffer, store: Store): Promise<KeyRing> {
    const ring = new KeyRing(master, store);
    await ring.reload();
    if (ring.keys.size === 0) {
      await ring.rotate();
    }
    return ring;
  }

  private async reload(): Promise<void> {
    const rows = await this.store.repos.keyring.listOldestFirst();
    for (const row of rows) {
      if (this.keys.has(row.id)) continue;
      const key = open(this.master, Buffer.from(row.wrapped, 'base64'), `keyring:${row.id}`);
      if (!key) throw new Error('the master key does not open the key ring (wrong TESSERA_MASTER_KEY or master.key?)');
      this.keys.set(row.id, key);
    }
    if (rows.length > 0) this.currentId = rows[rows.length - 1]!.id;
  }

  /** Adds a new data key and makes it the one new material is sealed with. Returns its id. */
  async rotate(now = Date.now()): Promise<string> {
    const id = `k${now.toString(36)}${randomBase32(6).toLowerCase()}`;
    const key = randomBytes(32);
    const wrapped = seal(this.master, key, `keyring:${id}`).toString('base64');
    await this.store.repos.keyring.insert({ id, created_at: now, wrapped });
    await this.store.publish('keyring');
    await this.reload();
    return id;
  }

  get currentKeyId(): string {
    return this.currentId;
  }

  /** Seals bytes under the current data key: returns "keyId.base64". */
  sealBytes(plaintext: Buffer, aad: string): string {
    return `${this.currentId}.${seal(this.keys.get(this.currentId)!, plaintext, aad).toString('base64url')}`;
  }

  /** Opens what sealBytes produced; null when altered or not ours. Unknown key ids trigger one reload. */
  async openBytes(sealed: string, aad: string): Promise<Buffer | null> {
    const dot = sealed.indexOf('.');
    if (dot <= 0) return null;
    const id = sealed.slice(0, dot);
    if (!this.keys.has(id)) await this.reload();
    return this.openKnown(id, sealed.slice(dot + 1), aad);
  }

  /** Synchronous open for the hot path; undefined when the key id is not loaded yet (call openBytes). */
  openBytesSync(sealed: string, aad: string): Buffer | null | undefined {
    const dot = sealed.indexOf('.');
    if (dot <= 0) return null;
    const id = sealed.slice(0, dot);
    if (!this.keys.has(id)) return undefined;
    return this.openKnown(id, sealed.slice(dot + 1), aad);
  }

  private openKnown(id: string, body: string, aad: string): Buffer | null {
    const key = this.keys.get(id);
    if (!key) return null;
    const bytes = Buffer.from(body, 'base64url');
    // One spelling per sealed value: base64url's spare bits (and anything the decoder skips) make another.
    if (bytes.toString('base64url') !== body) return null;
    return open(key, bytes, aad);
  }

  /** Encrypts a secret string for storage. */
  encrypt(secret: string, aad: string): string {
    return this.sealBytes(Buffer.from(secret, 'utf8'), aad);
  }

  async decrypt(cipher: string, aad: string): Promise<string> {
    const b = await this.openBytes(cipher, aad);
    if (!b) throw new Error('a stored secret does not open under the key ring');
    return b.toString('utf8');
  }

  /** Sessions and other sealed material can derive subkeys from the current key ring key. */
  keyFor(id: string): Buffer | undefined {
    return this.keys.get(id);
  }
}
