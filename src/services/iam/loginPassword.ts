/**
 * Console passwords at rest. A login profile keeps the password's scrypt hash (password.ts) sealed with the
 * key ring (AES-256-GCM, associated data bound to the user id), like every other stored secret: a dump of
 * the database holds no hash to attack offline, and a row moved to another user, or written by someone
 * without the master key, never opens (so no password can be planted through the database alone).
 *
 * Databases from before sealing hold plain hashes ("scrypt$..."): sealLegacyPasswordHashes seals them at
 * start-up, once the key ring is open. Reads accept sealed hashes only.
 */
import type { KeyRing } from '../../auth/keyring.js';
import type { Store } from '../../store/store.js';
import { hashPassword, verifyPassword } from './password.js';

export const passwordAad = (userId: string) => `login-profile:${userId}`;

/** A valid scrypt hash of a random password: a missing or unopenable profile costs what a real one does. */
const DUMMY_HASH = 'scrypt$16384$8$1$DITH/V42KB8HdiKu7gX2hQ==$I+nuVa7HjuJjj4FYlKXc7JvHSpQ8UurIJwKxfqD6J4A=';
const LEGACY_PREFIX = 'scrypt$';

/** The value to store in iam_login_profiles.password_hash for `password`. */
export async function sealedPasswordHash(keyring: KeyRing, userId: string, password: string): Promise<string> {
  return keyring.encrypt(await hashPassword(password), passwordAad(userId));
}

/**
 * Whether `password` is the one sealed in `stored` for `userId`. Without a profile (or with one that does not
 * open) the same scrypt work is done against a dummy hash, and the answer is false.
 */
export async function checkSealedPassword(keyring: KeyRing, userId: string | undefined, password: string, stored: string | undefined): Promise<boolean> {
  return checkSealedHash(keyring, userId ? passwordAad(userId) : undefined, password, stored);
}

/**
 * The same check for any password hash sealed with associated data `aad` (Identity Center's users too):
 * without one (or with one that does not open) the scrypt work is done against a dummy hash, answer false.
 */
export async function checkSealedHash(keyring: KeyRing, aad: string | undefined, password: string, stored: string | null | undefined): Promise<boolean> {
  const opened = aad && stored && !stored.startsWith(LEGACY_PREFIX) ? await keyring.openBytes(stored, aad) : null;
  const ok = await verifyPassword(password, opened ? opened.toString('utf8') : DUMMY_HASH);
  return opened !== null && ok;
}

/**
 * Seals every plain (pre-sealing) hash in place; returns how many it sealed. Conditional on the old value, so
 * servers starting together on one database seal each row once.
 */
export async function sealLegacyPasswordHashes(store: Store, keyring: KeyRing): Promise<number> {
  const rows = await store.repos.loginProfiles.listByHashPrefix(LEGACY_PREFIX);
  let sealed = 0;
  for (const r of rows) {
    if (await store.repos.loginProfiles.replaceHash(r.user_id, r.password_hash, keyring.encrypt(r.password_hash, passwordAad(r.user_id)))) sealed++;
  }
  return sealed;
}
