/** RFC 6238 TOTP (SHA-1, 6 digits, 30-second steps) through the otpauth library. */
import { timingSafeEqual } from 'node:crypto';
import * as OTPAuth from 'otpauth';

export const STEP_SECONDS = 30;

/** A fresh seed: 40 random bytes, 64 base32 characters like AWS's Base32StringSeed. */
export const newSeed = (): string => new OTPAuth.Secret({ size: 40 }).base32;

export const stepAt = (nowMs: number) => Math.floor(nowMs / 1000 / STEP_SECONDS);

/** The 6-digit code of a time step. */
export const codeAt = (seedBase32: string, step: number): string =>
  OTPAuth.TOTP.generate({ secret: OTPAuth.Secret.fromBase32(seedBase32), algorithm: 'SHA1', digits: 6, period: STEP_SECONDS, timestamp: step * STEP_SECONDS * 1000 });

export function sameCode(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** The step within [from, to] whose code is `code`, else undefined (every step compared, constant work). */
export function findStep(seedBase32: string, code: string, from: number, to: number): number | undefined {
  let found: number | undefined;
  for (let s = from; s <= to; s++) if (sameCode(codeAt(seedBase32, s), code) && found === undefined) found = s;
  return found;
}

/** The otpauth:// URI an authenticator app scans. */
export const otpauthUri = (seedBase32: string, label: string, issuer: string): string =>
  new OTPAuth.TOTP({ issuer, label, algorithm: 'SHA1', digits: 6, period: STEP_SECONDS, secret: OTPAuth.Secret.fromBase32(seedBase32) }).toString();
