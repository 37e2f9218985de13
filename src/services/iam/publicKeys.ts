/**
 * The key and certificate material IAM users upload: SSH public keys (OpenSSH "ssh-rsa" or PEM, RSA of at
 * least 2048 bits, as AWS requires) and X.509 certificates in PEM (node:crypto parses both). Pure: no I/O.
 */
import { createHash, createPrivateKey, createPublicKey, X509Certificate, type KeyObject } from 'node:crypto';
import { ServiceError } from '../../core/errors.js';

export const unrecognizedEncoding = () =>
  new ServiceError('UnrecognizedPublicKeyEncoding', 'The public key encoding format is unsupported or unrecognized.', 400);
export const invalidPublicKey = (why: string) => new ServiceError('InvalidPublicKey', `The public key is invalid: ${why}`, 400);
export const malformedCertificate = (what = 'certificate') =>
  new ServiceError('MalformedCertificate', `Unable to parse ${what}. Please ensure the ${what} is in PEM format.`, 400);

const SSH_MIN_BITS = 2048;

/** Reads the length-prefixed strings of the SSH wire format. */
function sshStrings(buf: Buffer): Buffer[] {
  const out: Buffer[] = [];
  let i = 0;
  while (i < buf.length) {
    if (i + 4 > buf.length) throw invalidPublicKey('truncated key');
    const n = buf.readUInt32BE(i);
    if (i + 4 + n > buf.length) throw invalidPublicKey('truncated key');
    out.push(buf.subarray(i + 4, i + 4 + n));
    i += 4 + n;
  }
  return out;
}

const sshString = (b: Buffer) => {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(b.length);
  return Buffer.concat([len, b]);
};
/** An SSH mpint: big-endian, leading zero bytes dropped, one zero byte added when the high bit is set. */
const mpint = (b: Buffer) => {
  let i = 0;
  while (i < b.length - 1 && b[i] === 0) i++;
  const v = b.subarray(i);
  return sshString(v[0]! & 0x80 ? Buffer.concat([Buffer.from([0]), v]) : v);
};

export interface SshPublicKey {
  /** The key in the SSH wire format (what the fingerprint is computed over). */
  wire: Buffer;
  key: KeyObject;
}

/** Parses an SSH public key as AWS accepts it; UnrecognizedPublicKeyEncoding / InvalidPublicKey otherwise. */
export function parseSshPublicKey(body: string): SshPublicKey {
  const text = body.trim();
  let key: KeyObject;
  if (/^ssh-rsa\s/.test(text)) {
    const b64 = text.split(/\s+/)[1] ?? '';
    const wireIn = Buffer.from(b64, 'base64');
    if (!/^[A-Za-z0-9+/]+={0,2}$/.test(b64) || wireIn.length === 0) throw invalidPublicKey('the key is not base64');
    const [type, e, n, ...rest] = sshStrings(wireIn);
    if (type?.toString() !== 'ssh-rsa' || !e || !n || rest.length > 0) throw invalidPublicKey('not an ssh-rsa key');
    try {
      key = createPublicKey({ key: { kty: 'RSA', e: e.toString('base64url'), n: n.toString('base64url') }, format: 'jwk' });
    } catch {
      throw invalidPublicKey('not an RSA key');
    }
  } else if (text.startsWith('-----BEGIN')) {
    try {
      key = createPublicKey(text);
    } catch {
      throw invalidPublicKey('the PEM does not hold a public key');
    }
  } else {
    throw unrecognizedEncoding();
  }
  if (key.asymmetricKeyType !== 'rsa') throw invalidPublicKey('only RSA keys are supported');
  if ((key.asymmetricKeyDetails?.modulusLength ?? 0) < SSH_MIN_BITS) throw invalidPublicKey(`the key must be at least ${SSH_MIN_BITS} bits`);
  const jwk = key.export({ format: 'jwk' });
  const wire = Buffer.concat([sshString(Buffer.from('ssh-rsa')), mpint(Buffer.from(jwk.e!, 'base64url')), mpint(Buffer.from(jwk.n!, 'base64url'))]);
  return { wire, key };
}

/** The MD5 fingerprint of the wire format, hex pairs joined by colons (what AWS returns). */
export const sshFingerprint = (k: SshPublicKey) =>
  createHash('md5').update(k.wire).digest('hex').replace(/(..)(?!$)/g, '$1:');

/** The key in the encoding GetSSHPublicKey asks for. */
export function sshEncoded(k: SshPublicKey, encoding: 'SSH' | 'PEM'): string {
  return encoding === 'SSH' ? `ssh-rsa ${k.wire.toString('base64')}` : (k.key.export({ type: 'spki', format: 'pem' }) as string);
}

/** PEM certificates in `text` (one or several, as a chain); MalformedCertificate when any is not one. */
export function parseCertificates(text: string, what = 'certificate'): X509Certificate[] {
  const blocks = text.match(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g);
  if (!blocks) throw malformedCertificate(what);
  const outside = text.replace(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g, '').trim();
  if (outside) throw malformedCertificate(what);
  try {
    return blocks.map((b) => new X509Certificate(b));
  } catch {
    throw malformedCertificate(what);
  }
}

/** One PEM certificate: MalformedCertificate unless `text` is exactly one. */
export function parseCertificate(text: string): X509Certificate {
  const certs = parseCertificates(text);
  if (certs.length !== 1) throw malformedCertificate();
  return certs[0]!;
}

/** The private key of a server certificate; MalformedCertificate when it is not a PEM private key. */
export function parsePrivateKey(text: string): KeyObject {
  try {
    return createPrivateKey(text);
  } catch {
    throw malformedCertificate('private key');
  }
}

/** SHA-256 of the certificate's DER: two uploads of the same certificate are the same certificate. */
export const certificateDigest = (c: X509Certificate) => createHash('sha256').update(c.raw).digest('hex');

/**
 * The chain must start with the certificate that signed `cert`, each next one signing the one before
 * (MalformedCertificate otherwise, AWS's wording; the index is -1 when the first certificate of the chain did
 * not sign `cert`, else the position of the certificate its successor did not sign).
 */
export function verifyChain(cert: X509Certificate, chain: X509Certificate[]): void {
  const signs = (issuer: X509Certificate, subject: X509Certificate) => subject.checkIssued(issuer) && subject.verify(issuer.publicKey);
  const invalid = (index: number) =>
    new ServiceError(
      'MalformedCertificate',
      `Unable to validate certificate chain. The certificate chain must start with the immediate signing certificate, followed by any intermediaries in order. The index within the chain of the invalid certificate is: ${index}`,
      400,
    );
  if (chain.length === 0) return;
  if (!signs(chain[0]!, cert)) throw invalid(-1);
  for (let i = 0; i + 1 < chain.length; i++) if (!signs(chain[i + 1]!, chain[i]!)) throw invalid(i);
}
