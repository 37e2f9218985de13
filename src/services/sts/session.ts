/**
 * Sealed, stateless session tokens.
 *
 * A session token is the session itself (who, which account, issue/expiry, MFA, session policies, tags,
 * source identity, chaining depth) sealed with the key ring (AES-256-GCM, the key id in clear in front:
 * "KEYID.BASE64URL"). Nothing is written when credentials are issued: the access key id and the secret are
 * DERIVED from the token with HMAC under a subkey of the very key-ring key that sealed it, so any process
 * sharing the key ring verifies a request without a database read, and rotation leaves old sessions valid.
 *
 *   credKey(keyId)  = HMAC-SHA256(dataKey(keyId), "tessera/sts/credentials/v1")
 *   accessKeyId     = "ASIA" + base32( HMAC(credKey, "id" || token)[0..5] || accountId as 40 bits )
 *   secretAccessKey = base64( HMAC(credKey, "secret" || token) )[0..40]
 *
 * The account is readable from an ASIA key id (GetAccessKeyInfo), as it is on AWS. Because the key id and
 * the secret are MACs of the token's exact text, any altered character is refused even where base64's
 * unused trailing bits would decode to the same bytes: the key id no longer matches.
 */
import { createHmac } from 'node:crypto';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import type { Caller, SessionInfo } from '../../auth/caller.js';
import type { KeyRing } from '../../auth/keyring.js';

/** The associated data every session token is sealed with (binds the ciphertext to its purpose). */
const AAD = 'tessera:sts-session:v1';
const FORMAT_JSON = 0;
const FORMAT_DEFLATE = 1;
const COMPRESS_ABOVE = 600;
const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** The caller a session stands for, without the session (that is `s`). */
export type SessionPrincipal = Omit<Caller, 'session' | 'accessKeyId'>;

export interface SealedClaims {
  c: SessionPrincipal;
  s: SessionInfo;
}

export interface IssuedCredentials {
  AccessKeyId: string;
  SecretAccessKey: string;
  SessionToken: string;
  Expiration: number;
}

const credKeys = new WeakMap<Buffer, Buffer>();

function credentialKey(ring: KeyRing, keyId: string): Buffer | undefined {
  const dataKey = ring.keyFor(keyId);
  if (!dataKey) return undefined;
  let k = credKeys.get(dataKey);
  if (!k) {
    k = createHmac('sha256', dataKey).update('tessera/sts/credentials/v1').digest();
    credKeys.set(dataKey, k);
  }
  return k;
}

function base32(bytes: Uint8Array): string {
  let out = '';
  let bits = 0;
  let value = 0;
  for (const b of bytes) {
    value = (value << 8) | b;
    bits += 8;
    while (bits >= 5) {
      out += BASE32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
    value &= (1 << bits) - 1;
  }
  if (bits > 0) out += BASE32[(value << (5 - bits)) & 31];
  return out;
}

function unbase32(text: string): Buffer | null {
  const out: number[] = [];
  let bits = 0;
  let value = 0;
  for (const ch of text) {
    const v = BASE32.indexOf(ch);
    if (v < 0) return null;
    value = (value << 5) | v;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
    value &= (1 << bits) - 1;
  }
  return Buffer.from(out);
}

function accountBytes(accountId: string): Buffer {
  const b = Buffer.alloc(5);
  let n = BigInt(/^\d{12}$/.test(accountId) ? accountId : '0');
  for (let i = 4; i >= 0; i--) {
    b[i] = Number(n & 0xffn);
    n >>= 8n;
  }
  return b;
}

/** The account id encoded in an ASIA key id (GetAccessKeyInfo); undefined when the id is not one of ours. */
export function accountOfTemporaryKey(accessKeyId: string): string | undefined {
  if (!/^ASIA[A-Z2-7]{16}$/.test(accessKeyId)) return undefined;
  const bytes = unbase32(accessKeyId.slice(4));
  if (!bytes || bytes.length !== 10) return undefined;
  let n = 0n;
  for (let i = 5; i < 10; i++) n = (n << 8n) | BigInt(bytes[i]!);
  return n < 1_000_000_000_000n ? n.toString().padStart(12, '0') : undefined;
}

/** The key id and secret derived from a token; undefined when the sealing key is not loaded. */
export function deriveCredentials(ring: KeyRing, token: string, accountId: string): { accessKeyId: string; secret: string } | undefined {
  const dot = token.indexOf('.');
  if (dot <= 0) return undefined;
  const key = credentialKey(ring, token.slice(0, dot));
  if (!key) return undefined;
  const idMac = createHmac('sha256', key).update('id').update(token).digest();
  const secret = createHmac('sha256', key).update('secret').update(token).digest('base64').slice(0, 40);
  return { accessKeyId: 'ASIA' + base32(Buffer.concat([idMac.subarray(0, 5), accountBytes(accountId)])), secret };
}

/** Seals a session and derives its credentials. Writes nothing. */
export function sealSession(ring: KeyRing, principal: SessionPrincipal, session: SessionInfo): IssuedCredentials {
  const json = Buffer.from(JSON.stringify({ c: principal, s: session } satisfies SealedClaims), 'utf8');
  const body =
    json.length > COMPRESS_ABOVE
      ? Buffer.concat([Buffer.of(FORMAT_DEFLATE), deflateRawSync(json)])
      : Buffer.concat([Buffer.of(FORMAT_JSON), json]);
  const token = ring.sealBytes(body, AAD);
  const derived = deriveCredentials(ring, token, principal.accountId)!;
  return { AccessKeyId: derived.accessKeyId, SecretAccessKey: derived.secret, SessionToken: token, Expiration: session.expiresAt };
}

function decodeClaims(body: Buffer): SealedClaims | null {
  try {
    const json = body[0] === FORMAT_DEFLATE ? inflateRawSync(body.subarray(1)) : body[0] === FORMAT_JSON ? body.subarray(1) : null;
    if (!json) return null;
    const claims = JSON.parse(json.toString('utf8')) as SealedClaims;
    if (!claims || typeof claims !== 'object' || !claims.c || !claims.s || typeof claims.s.expiresAt !== 'number') return null;
    return claims;
  } catch {
    return null;
  }
}

/**
 * Opens a token: null when it was altered, is not ours, or its key is unknown to the store too.
 * Synchronous when its key is loaded (the usual case); loads newly rotated keys once otherwise.
 */
export async function openSession(ring: KeyRing, token: string): Promise<SealedClaims | null> {
  let body = ring.openBytesSync(token, AAD);
  if (body === undefined) body = await ring.openBytes(token, AAD);
  return body ? decodeClaims(body) : null;
}
