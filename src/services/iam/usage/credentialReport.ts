/**
 * The credential report (GenerateCredentialReport / GetCredentialReport): AWS's CSV, one row for the account
 * root (`<root_account>`) and one per IAM user, filled from the store. AWS's values: dates in ISO 8601 with
 * `+00:00`, `true`/`false`, `N/A` where a credential does not exist, `no_information` for a password never
 * used, `not_supported` for what the root row does not carry. The cert columns are the user's first two
 * signing certificates, oldest first (the account root holds none in Tessera).
 */
import { rootArn } from '../../../core/arn.js';
import type { Store } from '../../../store/store.js';
import type { AccessKeysTable } from '../../../store/schema.js';
import type { IamUserCredentialsTable } from '../../../store/schema-iam-more.js';
import { rowArn } from '../util.js';

export const CREDENTIAL_REPORT_ID = 'credential-report';
/** A report is served for four hours; GenerateCredentialReport makes a new one once it is older (as AWS). */
export const REPORT_TTL_MS = 4 * 3600_000;

export const COLUMNS = [
  'user', 'arn', 'user_creation_time', 'password_enabled', 'password_last_used', 'password_last_changed', 'password_next_rotation', 'mfa_active',
  'access_key_1_active', 'access_key_1_last_rotated', 'access_key_1_last_used_date', 'access_key_1_last_used_region', 'access_key_1_last_used_service',
  'access_key_2_active', 'access_key_2_last_rotated', 'access_key_2_last_used_date', 'access_key_2_last_used_region', 'access_key_2_last_used_service',
  'cert_1_active', 'cert_1_last_rotated', 'cert_2_active', 'cert_2_last_rotated',
] as const;

/** 2024-01-02T03:04:05+00:00, as the report writes dates. */
export const reportDate = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, '+00:00');

/** The access key columns of one key slot (AWS: the first two keys, oldest first). */
export function keyColumns(k: AccessKeysTable | undefined): string[] {
  if (!k) return ['false', 'N/A', 'N/A', 'N/A', 'N/A'];
  const used = k.last_used_at !== null;
  return [
    k.status === 'Active' ? 'true' : 'false',
    reportDate(k.created_at),
    used ? reportDate(k.last_used_at!) : 'N/A',
    used ? (k.last_used_region ?? 'N/A') : 'N/A',
    used ? (k.last_used_service ?? 'N/A') : 'N/A',
  ];
}

/** The signing certificate columns of one slot: active, last rotated (uploaded). */
export const certColumns = (c: IamUserCredentialsTable | undefined): string[] => (c ? [c.status === 'Active' ? 'true' : 'false', reportDate(c.created_at)] : ['false', 'N/A']);

const NO_CERTS = [...certColumns(undefined), ...certColumns(undefined)];

/** The password columns of a user: enabled, last used, last changed, next rotation. */
export function passwordColumns(profile: { changed_at: number } | undefined, lastUsed: number | null, maxAgeDays: number | undefined): string[] {
  if (!profile) return ['false', 'N/A', 'N/A', 'N/A'];
  return [
    'true',
    lastUsed !== null ? reportDate(lastUsed) : 'no_information',
    reportDate(profile.changed_at),
    maxAgeDays ? reportDate(profile.changed_at + maxAgeDays * 86_400_000) : 'N/A',
  ];
}

/** A CSV field: quoted when it holds a comma, a quote or a line break (user names never do). */
const field = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

/** The report's CSV text for the account, as of now. */
export async function buildCredentialReport(store: Store, accountId: string): Promise<string> {
  const repos = store.repos;
  const account = await repos.accounts.get(accountId);
  const policyText = await repos.accountSettings.getPasswordPolicy(accountId);
  const maxAge = policyText ? (JSON.parse(policyText) as { MaxPasswordAge?: number }).MaxPasswordAge : undefined;
  const rows: string[][] = [];
  const rootKeys = await repos.accessKeys.listOwned(accountId, null);
  rows.push([
    '<root_account>',
    rootArn(accountId),
    reportDate(account?.created_at ?? 0),
    'not_supported',
    'no_information',
    'not_supported',
    'not_supported',
    (await repos.mfaDevices.hasDeviceOf(accountId)) ? 'true' : 'false',
    ...keyColumns(rootKeys[0]),
    ...keyColumns(rootKeys[1]),
    ...NO_CERTS,
  ]);
  const users = (await repos.entities.listAll(accountId)).filter((e) => e.kind === 'user').sort((a, b) => (a.name_lc < b.name_lc ? -1 : a.name_lc > b.name_lc ? 1 : 0));
  for (const u of users) {
    const profile = await repos.loginProfiles.get(u.id);
    const keys = await repos.accessKeys.listOwned(accountId, u.id);
    const certs = await repos.userCredentials.ofUser(u.id, 'signing');
    rows.push([
      u.name,
      rowArn(u),
      reportDate(u.created_at),
      ...passwordColumns(profile ? { changed_at: profile.password_changed_at ?? profile.created_at } : undefined, u.password_last_used, maxAge),
      (await repos.mfaDevices.hasDeviceOf(u.id)) ? 'true' : 'false',
      ...keyColumns(keys[0]),
      ...keyColumns(keys[1]),
      ...certColumns(certs[0]),
      ...certColumns(certs[1]),
    ]);
  }
  return [COLUMNS.join(','), ...rows.map((r) => r.map(field).join(','))].join('\n');
}
