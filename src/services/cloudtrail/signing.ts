/**
 * The key pairs digest files are signed with (SHA256withRSA, as AWS signs them): one RSA 2048 key per region
 * in use at a time, replaced after KEY_LIFETIME_MS. The public key is kept as PKCS #1 DER (what ListPublicKeys
 * answers and `aws cloudtrail validate-logs` loads), the private key sealed by the key ring (bound to its
 * region and fingerprint), so a dump of the database cannot sign.
 */
import { createHash, createPrivateKey, generateKeyPair, sign } from 'node:crypto';
import { promisify } from 'node:util';
import type { Deps } from '../../server/deps.js';
import type { AuditSigningKeysTable } from '../../store/schema-audit.js';

export const KEY_LIFETIME_MS = 30 * 86_400_000;

const aad = (region: string, fingerprint: string) => `cloudtrail-digest-key:${region}:${fingerprint}`;

/** The region's key in use at `now`, made when there is none. */
export async function currentSigningKey(deps: Pick<Deps, 'store' | 'keyring'>, region: string, now: number): Promise<AuditSigningKeysTable> {
  const valid = (await deps.store.repos.audit.signingKeys(region, now, now)).filter((k) => k.valid_to > now);
  if (valid.length > 0) return valid[valid.length - 1]!;
  const { publicKey, privateKey } = await promisify(generateKeyPair)('rsa', { modulusLength: 2048 });
  const der = publicKey.export({ type: 'pkcs1', format: 'der' });
  const fingerprint = createHash('md5').update(der).digest('hex');
  const row: AuditSigningKeysTable = {
    region,
    fingerprint,
    public_key: der.toString('base64'),
    private_key: deps.keyring.sealBytes(privateKey.export({ type: 'pkcs8', format: 'der' }), aad(region, fingerprint)),
    valid_from: now,
    valid_to: now + KEY_LIFETIME_MS,
  };
  await deps.store.repos.audit.addSigningKey(row);
  return row;
}

/** The hex SHA256withRSA signature of `data` with the key. */
export async function signWith(deps: Pick<Deps, 'keyring'>, key: AuditSigningKeysTable, data: Buffer): Promise<string> {
  const der = await deps.keyring.openBytes(key.private_key, aad(key.region, key.fingerprint));
  if (!der) throw new Error(`the digest signing key ${key.fingerprint} does not open under the key ring`);
  return sign('sha256', data, createPrivateKey({ key: der, format: 'der', type: 'pkcs8' })).toString('hex');
}
