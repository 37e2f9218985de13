/** SSH public keys and certificates: AWS's accepted forms and each refusal, with keys made by node:crypto and openssl. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { ServiceError } from '../../core/errors.js';
import { parseCertificate, parseCertificates, parsePrivateKey, parseSshPublicKey, sshEncoded, sshFingerprint, verifyChain } from './publicKeys.js';
import { selfSigned, signedBy } from '../../../test/helpers/x509.js';

const rsa = (bits: number) => generateKeyPairSync('rsa', { modulusLength: bits });
const pemOf = (bits: number) => rsa(bits).publicKey.export({ type: 'spki', format: 'pem' }) as string;
const code = (f: () => unknown) => {
  try {
    f();
    return 'ok';
  } catch (e) {
    if (e instanceof ServiceError) return e.code;
    throw e;
  }
};

test('SSH keys: the forms AWS accepts and the errors of the others', () => {
  const pem2048 = pemOf(2048);
  const ssh2048 = sshEncoded(parseSshPublicKey(pem2048), 'SSH');
  const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ type: 'spki', format: 'pem' }) as string;
  const table: [string, string, string][] = [
    ['PEM, 2048 bits', pem2048, 'ok'],
    ['ssh-rsa with a comment', `${ssh2048} me@host`, 'ok'],
    ['RSA of 1024 bits', pemOf(1024), 'InvalidPublicKey'],
    ['an EC key', ec, 'InvalidPublicKey'],
    ['ssh-rsa, not base64', 'ssh-rsa ***', 'InvalidPublicKey'],
    ['ssh-rsa, truncated', `ssh-rsa ${ssh2048.split(' ')[1]!.slice(0, 40)}`, 'InvalidPublicKey'],
    ['ssh-ed25519', 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIH', 'UnrecognizedPublicKeyEncoding'],
    ['words', 'not a key', 'UnrecognizedPublicKeyEncoding'],
    ['a PEM that is no key', '-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----', 'InvalidPublicKey'],
  ];
  for (const [name, body, want] of table) assert.equal(code(() => parseSshPublicKey(body)), want, name);
});

test('SSH keys: both encodings name the same key; the fingerprint is ssh-keygen -E md5', () => {
  const pem = pemOf(2048);
  const a = parseSshPublicKey(pem);
  const b = parseSshPublicKey(sshEncoded(a, 'SSH'));
  assert.equal(sshFingerprint(a), sshFingerprint(b));
  assert.equal(sshEncoded(b, 'PEM'), pem);
  assert.match(sshFingerprint(a), /^([0-9a-f]{2}:){15}[0-9a-f]{2}$/);
  const keygen = spawnSync('ssh-keygen', ['-l', '-E', 'md5', '-f', '-'], { input: sshEncoded(a, 'SSH') + '\n', encoding: 'utf8' });
  assert.equal(keygen.status, 0, keygen.stderr);
  assert.equal(keygen.stdout.split(' ')[1], `MD5:${sshFingerprint(a)}`);
});

test('certificates: one PEM certificate, a chain, and the malformed ones', () => {
  // openssl writes the key to a file of its own directory; the certificate comes on stdout.
  const dir = mkdtempSync(join(tmpdir(), 'tessera-unit-x509-'));
  const r = spawnSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(dir, 'k.pem'), '-subj', '/CN=unit', '-days', '2'], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const cert = r.stdout.trim();
  const key = readFileSync(join(dir, 'k.pem'), 'utf8');
  rmSync(dir, { recursive: true, force: true });
  assert.equal(parseCertificate(cert).subject, 'CN=unit');
  assert.equal(parseCertificates(`${cert}\n${cert}\n`).length, 2);
  assert.equal(parseCertificate(cert).checkPrivateKey(parsePrivateKey(key)), true);
  const table: [string, () => unknown][] = [
    ['no PEM', () => parseCertificate('hello')],
    ['garbage inside', () => parseCertificate('-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----')],
    ['text around', () => parseCertificate(`junk\n${cert}`)],
    ['two where one is wanted', () => parseCertificate(`${cert}\n${cert}`)],
    ['a key that is not one', () => parsePrivateKey('-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----')],
  ];
  for (const [name, f] of table) assert.equal(code(f), 'MalformedCertificate', name);
});

test('certificate chains: in order from the signer, or the index AWS names', () => {
  const root = selfSigned('unit root');
  const mid = signedBy(root, 'unit intermediate');
  const leaf = parseCertificate(signedBy(mid, 'unit leaf').cert);
  const [r, m, other] = [root.cert, mid.cert, selfSigned('unrelated').cert].map((c) => parseCertificate(c));
  const index = (chain: typeof leaf[]) => {
    try {
      verifyChain(leaf, chain);
      return 'ok';
    } catch (e) {
      return (e as ServiceError).message.replace(/^.*: /, '');
    }
  };
  const table: [string, (typeof leaf)[], string][] = [
    ['no chain', [], 'ok'],
    ['the signer alone', [m!], 'ok'],
    ['signer then root', [m!, r!], 'ok'],
    ['the root first', [r!], '-1'],
    ['reversed', [r!, m!], '-1'],
    ['an unrelated second', [m!, other!], '0'],
  ];
  for (const [name, chain, want] of table) assert.equal(index(chain), want, name);
});
