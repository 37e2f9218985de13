import { randomBytes, randomUUID } from 'node:crypto';

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** Random upper-case base32 characters, as AWS uses in key and entity ids. */
export function randomBase32(length: number): string {
  const bytes = randomBytes(length);
  let out = '';
  for (let i = 0; i < length; i++) out += BASE32[bytes[i]! & 31];
  return out;
}

/** AWS unique-id prefixes. */
export type IdPrefix = 'AKIA' | 'ASIA' | 'AIDA' | 'AROA' | 'AGPA' | 'ANPA' | 'ANVA' | 'APKA' | 'AIPA' | 'ASCA' | 'ACCA';

/** A 20/21-character AWS-style identifier, e.g. AKIA + 16 characters for access keys, AIDA + 17 for users. */
export const newId = (prefix: IdPrefix, length = prefix === 'AKIA' || prefix === 'ASIA' ? 16 : 17): string =>
  prefix + randomBase32(length);

/** A 40-character secret access key (base64 alphabet without padding, like AWS's). */
export const newSecretAccessKey = (): string =>
  randomBytes(30).toString('base64').replace(/\+/g, 'A').replace(/\//g, 'B');

export const newRequestId = (): string => randomUUID();

/** A 12-digit account id that does not start with 0 (000000000000 is the default account). */
export function newAccountId(): string {
  const b = randomBytes(12);
  let s = String(1 + (b[0]! % 9));
  for (let i = 1; i < 12; i++) s += String(b[i]! % 10);
  return s;
}
