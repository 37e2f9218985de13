/** RFC 4226 / RFC 6238 vectors (test/fixtures/vectors) through otpauth, and Tessera's step helpers. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import * as OTPAuth from 'otpauth';
import { codeAt, findStep, newSeed, otpauthUri, stepAt } from './totp.js';

interface Vectors {
  hotp: { secret_ascii: string; digits: number; codes: string[] };
  totp: { step: number; digits: number; cases: { algorithm: string; secret_ascii: string; vectors: [number, string][] }[] };
}
// dist/src/services/iam/totp.test.js → repo root is four levels up.
const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..');
const vectors = JSON.parse(readFileSync(resolve(repoRoot, 'test', 'fixtures', 'vectors', 'totp-rfc4226-rfc6238.json'), 'utf8')) as Vectors;

test('RFC 4226 HOTP vectors', () => {
  const secret = OTPAuth.Secret.fromLatin1(vectors.hotp.secret_ascii);
  vectors.hotp.codes.forEach((code, counter) => {
    assert.equal(OTPAuth.HOTP.generate({ secret, algorithm: 'SHA1', digits: vectors.hotp.digits, counter }), code);
  });
});

test('RFC 6238 TOTP vectors (SHA-1, SHA-256, SHA-512; 8 digits)', () => {
  for (const c of vectors.totp.cases) {
    const secret = OTPAuth.Secret.fromLatin1(c.secret_ascii);
    for (const [t, code] of c.vectors) {
      assert.equal(OTPAuth.TOTP.generate({ secret, algorithm: c.algorithm, digits: vectors.totp.digits, period: vectors.totp.step, timestamp: t * 1000 }), code, `${c.algorithm} t=${t}`);
    }
  }
});

test("Tessera's 6-digit SHA-1 codes are the RFC 6238 SHA-1 codes' last six digits", () => {
  const sha1 = vectors.totp.cases.find((c) => c.algorithm === 'SHA1')!;
  const seed = OTPAuth.Secret.fromLatin1(sha1.secret_ascii).base32;
  for (const [t, code] of sha1.vectors) assert.equal(codeAt(seed, stepAt(t * 1000)), code.slice(-6));
});

test('findStep finds the step of a code within a window, else nothing', () => {
  const seed = newSeed();
  assert.equal(seed.length, 64);
  const now = 1_700_000_000_000;
  const s = stepAt(now);
  assert.equal(findStep(seed, codeAt(seed, s + 1), s - 1, s + 1), s + 1);
  assert.equal(findStep(seed, codeAt(seed, s + 5), s - 1, s + 1), undefined);
});

test('otpauth URI carries the seed, SHA1, 6 digits, 30 s', () => {
  const seed = newSeed();
  const u = new URL(otpauthUri(seed, 'dev@123456789012', 'Tessera'));
  assert.equal(u.protocol, 'otpauth:');
  assert.equal(u.searchParams.get('secret'), seed);
  assert.equal(u.searchParams.get('algorithm'), 'SHA1');
  assert.equal(u.searchParams.get('digits'), '6');
  assert.equal(u.searchParams.get('period'), '30');
});
