/** Console passwords: scrypt hashes (never stored reversibly) and the account password policy. */
import { randomBytes, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { ServiceError } from '../../core/errors.js';

const N = 16384;
const R = 8;
const P = 1;
const KEYLEN = 32;

const scrypt = (pw: string, salt: Buffer, opts: ScryptOptions) =>
  new Promise<Buffer>((res, rej) => scryptCb(pw, salt, KEYLEN, opts, (e, k) => (e ? rej(e) : res(k))));

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(password, salt, { N, r: R, p: P });
  return `scrypt$${N}$${R}$${P}$${salt.toString('base64')}$${key.toString('base64')}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [alg, n, r, p, salt, hash] = stored.split('$');
  if (alg !== 'scrypt' || !salt || !hash) return false;
  const want = Buffer.from(hash, 'base64');
  const got = await scrypt(password, Buffer.from(salt, 'base64'), { N: Number(n), r: Number(r), p: Number(p) });
  return got.length === want.length && timingSafeEqual(got, want);
}

export interface PasswordPolicy {
  MinimumPasswordLength?: number;
  RequireSymbols?: boolean;
  RequireNumbers?: boolean;
  RequireUppercaseCharacters?: boolean;
  RequireLowercaseCharacters?: boolean;
  AllowUsersToChangePassword?: boolean;
  ExpirePasswords?: boolean;
  MaxPasswordAge?: number;
  PasswordReusePrevention?: number;
  HardExpiry?: boolean;
}

const SYMBOL = /[!@#$%^&*()_+\-=[\]{}|']/;

/**
 * Checks a password against the account's policy, or AWS's default when none is set (at least 8 characters
 * and three of: upper case, lower case, digits, symbols).
 */
export function checkPassword(password: string, policy: PasswordPolicy | undefined) {
  const fail = () => new ServiceError('PasswordPolicyViolation', 'Password does not conform to the account password policy.', 400);
  if (!policy) {
    const kinds = [/[A-Z]/, /[a-z]/, /\d/, SYMBOL].filter((re) => re.test(password)).length;
    if (password.length < 8 || kinds < 3) throw fail();
    return;
  }
  if (password.length < (policy.MinimumPasswordLength ?? 6)) throw fail();
  if (policy.RequireSymbols && !SYMBOL.test(password)) throw fail();
  if (policy.RequireNumbers && !/\d/.test(password)) throw fail();
  if (policy.RequireUppercaseCharacters && !/[A-Z]/.test(password)) throw fail();
  if (policy.RequireLowercaseCharacters && !/[a-z]/.test(password)) throw fail();
}
