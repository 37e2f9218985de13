/** Self-signed certificates and their keys made by openssl, as users make them for IAM uploads. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface SelfSigned {
  cert: string;
  key: string;
}

/** A self-signed RSA certificate for `cn`, valid `days` days, and its private key (PKCS#8 PEM). */
export function selfSigned(cn: string, days = 30, bits = 2048): SelfSigned {
  const dir = mkdtempSync(join(tmpdir(), 'tessera-x509-'));
  try {
    const keyFile = join(dir, 'key.pem');
    const r = spawnSync('openssl', ['req', '-x509', '-newkey', `rsa:${bits}`, '-nodes', '-keyout', keyFile, '-subj', `/CN=${cn}`, '-days', String(days)], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`openssl: ${r.stderr}`);
    return { cert: r.stdout.trim(), key: readFileSync(keyFile, 'utf8').trim() };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** An OpenSSH RSA public key made by ssh-keygen, and its MD5 fingerprint as ssh-keygen prints it (hex pairs). */
export function sshKeygen(comment: string, bits = 2048): { pub: string; md5: string } {
  const dir = mkdtempSync(join(tmpdir(), 'tessera-ssh-'));
  try {
    const f = join(dir, 'id');
    const g = spawnSync('ssh-keygen', ['-q', '-t', 'rsa', '-b', String(bits), '-N', '', '-C', comment, '-f', f], { encoding: 'utf8' });
    if (g.status !== 0) throw new Error(`ssh-keygen: ${g.stderr}`);
    const l = spawnSync('ssh-keygen', ['-l', '-E', 'md5', '-f', `${f}.pub`], { encoding: 'utf8' });
    return { pub: readFileSync(`${f}.pub`, 'utf8').trim(), md5: l.stdout.split(' ')[1]!.replace(/^MD5:/, '') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A certificate for `cn` signed by `ca` (a selfSigned result), and its private key. */
export function signedBy(ca: SelfSigned, cn: string, days = 30): SelfSigned {
  const dir = mkdtempSync(join(tmpdir(), 'tessera-x509-'));
  try {
    const [caCert, caKey, key, csr] = ['ca.pem', 'ca.key', 'leaf.key', 'leaf.csr'].map((f) => join(dir, f)) as [string, string, string, string];
    writeFileSync(caCert, ca.cert);
    writeFileSync(caKey, ca.key);
    const req = spawnSync('openssl', ['req', '-new', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-subj', `/CN=${cn}`, '-out', csr], { encoding: 'utf8' });
    if (req.status !== 0) throw new Error(`openssl req: ${req.stderr}`);
    const sign = spawnSync('openssl', ['x509', '-req', '-in', csr, '-CA', caCert, '-CAkey', caKey, '-CAcreateserial', '-days', String(days)], { encoding: 'utf8', cwd: dir });
    if (sign.status !== 0) throw new Error(`openssl x509: ${sign.stderr}`);
    return { cert: sign.stdout.trim(), key: readFileSync(key, 'utf8').trim() };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
