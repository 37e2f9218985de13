/**
 * Identity Center's names, as AWS writes them: the instance (one per administering account here), its
 * identity store, permission set ARNs, the AWSReservedSSO_ roles and the SAML provider they trust; session
 * durations (ISO-8601); the hashes secrets are kept as.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

const hex = (text: string, n: number) => createHash('sha256').update(text).digest('hex').slice(0, n);

export const instanceId = (accountId: string) => `ssoins-${hex(`tessera/sso/instance/${accountId}`, 16)}`;
export const instanceArn = (accountId: string) => `arn:aws:sso:::instance/${instanceId(accountId)}`;
export const identityStoreId = (accountId: string) => `d-${hex(`tessera/sso/identitystore/${accountId}`, 10)}`;
export const newPermissionSetArn = (accountId: string) => `arn:aws:sso:::permissionSet/${instanceId(accountId)}/ps-${randomBytes(8).toString('hex')}`;

/** AWSReservedSSO_<PermissionSetName>_<16 hex>: stable for a permission set in an account. */
export const reservedRoleName = (permissionSetName: string, permissionSetArn: string, targetAccountId: string) =>
  `AWSReservedSSO_${permissionSetName}_${hex(`${permissionSetArn}|${targetAccountId}`, 16)}`;

/** The SAML provider the reserved roles of an instance trust in an account. */
export const ssoProviderArn = (instanceAccountId: string, targetAccountId: string) =>
  `arn:aws:iam::${targetAccountId}:saml-provider/AWSSSO_${hex(`tessera/sso/provider/${instanceAccountId}`, 16)}_DO_NOT_DELETE`;

/** PT1H .. PT12H (hours, minutes, seconds) → seconds; undefined when not an ISO-8601 duration of that form. */
export function durationSeconds(iso: string): number | undefined {
  const m = /^PT(?:(\d{1,2})H)?(?:(\d{1,3})M)?(?:(\d{1,5})S)?$/.exec(iso);
  if (!m || iso === 'PT') return undefined;
  return Number(m[1] ?? 0) * 3600 + Number(m[2] ?? 0) * 60 + Number(m[3] ?? 0);
}

/** A fresh secret (client secret, device code, token): 32 random bytes, base64url, with a readable prefix. */
export const newSecret = (prefix: string) => `${prefix}${randomBytes(32).toString('base64url')}`;

/** How a secret is stored and looked up. */
export const secretHash = (secret: string) => createHash('sha256').update(secret, 'utf8').digest('base64url');

/** Constant-time equality of two stored hashes. */
export function sameHash(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

const USER_CODE_LETTERS = 'BCDFGHJKLMNPQRSTVWXZ';

/** XXXX-XXXX from 20 consonants (no words, no look-alike digits), as device-flow user codes are written. */
export function newUserCode(): string {
  const bytes = randomBytes(8);
  let out = '';
  for (let i = 0; i < 8; i++) {
    if (i === 4) out += '-';
    out += USER_CODE_LETTERS[bytes[i]! % USER_CODE_LETTERS.length];
  }
  return out;
}

/** What a person typed as a user code, normalized (case, dash and spaces ignored); undefined when not one. */
export function normalizeUserCode(typed: string): string | undefined {
  const t = typed.toUpperCase().replace(/[\s-]/g, '');
  if (t.length !== 8 || ![...t].every((c) => USER_CODE_LETTERS.includes(c))) return undefined;
  return `${t.slice(0, 4)}-${t.slice(4)}`;
}
