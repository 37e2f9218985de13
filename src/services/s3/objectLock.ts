/**
 * S3 Object Lock: the bucket's configuration (enabled, default retention), a version's lock (retention mode
 * and retain-until date, legal hold), the lock a new version gets (request headers or the bucket's default),
 * which changes of retention need the governance bypass, and which deletions the lock refuses. Pure: the
 * operations pass the server's clock (`now`) in.
 */
import type { RequestContextValues } from '../../authz/context.js';
import { ServiceError } from '../../core/errors.js';
import { s3Time, type XmlChildren } from '../../protocol/restxml/encode.js';
import { listOf, malformedXml, parseXmlDocument, textOf, type XmlNode } from '../../protocol/restxml/parse.js';
import type { S3BucketsTable, S3ObjectsTable } from '../../store/schema-s3.js';
import type { AuthzCheck } from '../operation.js';
import { S3Errors } from './errors.js';
import { s3Check } from './resources.js';

export type LockMode = 'GOVERNANCE' | 'COMPLIANCE';

/** A bucket's Object Lock configuration: enabled, with an optional default retention (Days or Years). */
export interface BucketLock {
  enabled: true;
  mode?: LockMode;
  days?: number;
  years?: number;
}

/** A version's lock: retention (mode and date, both or neither) and legal hold. */
export interface VersionLock {
  mode?: LockMode;
  until?: number;
  hold?: boolean;
}

const DAY = 86_400_000;

const err = (code: string, message: string, status: number) => new ServiceError(code, message, status);

export const LockErrors = {
  missing: () => S3Errors.invalidRequest('Bucket is missing Object Lock Configuration'),
  configNotFound: () => err('ObjectLockConfigurationNotFoundError', 'Object Lock configuration does not exist for this bucket', 404),
  noVersionLock: () => err('NoSuchObjectLockConfiguration', 'The specified object does not have a ObjectLock configuration', 404),
  protected: () => err('AccessDenied', 'Access Denied because object protected by object lock.', 403),
  versioningRequired: () => err('InvalidBucketState', "Versioning must be 'Enabled' on the bucket to apply a Object Lock configuration", 409),
  cannotSuspend: () => err('InvalidBucketState', 'An Object Lock configuration is present on this bucket, so the versioning state cannot be changed.', 409),
  pastDate: () => S3Errors.invalidArgument('The retain until date must be in the future!'),
  integrity: () => S3Errors.invalidRequest('Content-MD5 OR x-amz-checksum- HTTP header is required for Put Object requests with Object Lock parameters'),
};

const MODES = new Set(['GOVERNANCE', 'COMPLIANCE']);

export const bucketLockOf = (b: S3BucketsTable): BucketLock | undefined => (b.object_lock ? (JSON.parse(b.object_lock) as BucketLock) : undefined);

export const versionLockOf = (row: Pick<S3ObjectsTable, 'object_lock'>): VersionLock => (row.object_lock ? (JSON.parse(row.object_lock) as VersionLock) : {});

/**
 * The stored form of a version's lock (null: none). A legal hold once set stays recorded when turned OFF:
 * GetObjectLegalHold then answers OFF, not NoSuchObjectLockConfiguration.
 */
export function storeLock(lock: VersionLock): string | null {
  const out: VersionLock = {};
  if (lock.mode && lock.until !== undefined) Object.assign(out, { mode: lock.mode, until: lock.until });
  if (lock.hold !== undefined) out.hold = lock.hold;
  return Object.keys(out).length ? JSON.stringify(out) : null;
}

/** An ISO 8601 timestamp as AWS's SDKs send it; undefined when it does not parse. */
function parseDate(s: string | undefined): number | undefined {
  if (s === undefined || !/^\d{4}-\d{2}-\d{2}T/.test(s.trim())) return undefined;
  const t = Date.parse(s.trim());
  return Number.isNaN(t) ? undefined : t;
}

const positive = (s: string | undefined): number | undefined => {
  if (s === undefined) return undefined;
  if (!/^-?\d+$/.test(s.trim())) throw malformedXml();
  const n = Number(s.trim());
  if (n <= 0 || !Number.isSafeInteger(n)) throw S3Errors.invalidArgument('Default retention period must be a positive integer value.');
  return n;
};

/** The ObjectLockConfiguration document of PutObjectLockConfiguration. */
export function parseLockConfiguration(text: string): BucketLock {
  const doc = parseXmlDocument(text, 'ObjectLockConfiguration');
  if (textOf(doc, 'ObjectLockEnabled') !== 'Enabled') throw malformedXml();
  const rule = listOf(doc, 'Rule');
  if (rule.length > 1) throw malformedXml();
  if (rule.length === 0) return { enabled: true };
  const def = listOf(rule[0], 'DefaultRetention');
  if (def.length !== 1) throw malformedXml();
  const d = def[0] as XmlNode;
  const mode = textOf(d, 'Mode');
  const days = positive(textOf(d, 'Days'));
  const years = positive(textOf(d, 'Years'));
  if (mode === undefined || !MODES.has(mode) || (days === undefined) === (years === undefined)) throw malformedXml();
  if ((days ?? 0) > 36500 || (years ?? 0) > 100) throw S3Errors.invalidArgument('Default retention period is too large.');
  return { enabled: true, mode: mode as LockMode, ...(days !== undefined ? { days } : { years }) };
}

export function lockConfigurationXml(c: BucketLock): XmlChildren {
  const out: XmlChildren = [['ObjectLockEnabled', 'Enabled']];
  if (c.mode) {
    const period: XmlChildren = c.days !== undefined ? [['Days', c.days]] : [['Years', c.years]];
    out.push(['Rule', [['DefaultRetention', [['Mode', c.mode], ...period]]]]);
  }
  return out;
}

/** The Retention document of PutObjectRetention: a mode with a date, or neither (removal). */
export function parseRetention(text: string): VersionLock {
  const doc = parseXmlDocument(text, 'Retention');
  const mode = textOf(doc, 'Mode');
  const date = textOf(doc, 'RetainUntilDate');
  if (mode === undefined && date === undefined) return {};
  if (mode === undefined || !MODES.has(mode) || date === undefined) throw malformedXml();
  const until = parseDate(date);
  if (until === undefined) throw malformedXml();
  return { mode: mode as LockMode, until };
}

/** The LegalHold document of PutObjectLegalHold: Status ON or OFF. */
export function parseLegalHold(text: string): boolean {
  const status = textOf(parseXmlDocument(text, 'LegalHold'), 'Status');
  if (status !== 'ON' && status !== 'OFF') throw malformedXml();
  return status === 'ON';
}

/** The lock a write asks for in its headers (x-amz-object-lock-mode, -retain-until-date, -legal-hold). */
export interface RequestedLock {
  mode?: LockMode;
  until?: number;
  hold?: boolean;
}

/** Reads and checks the lock headers of PutObject, CopyObject and CreateMultipartUpload (undefined: none sent). */
export function parseLockHeaders(header: (name: string) => string | undefined): RequestedLock | undefined {
  const mode = header('x-amz-object-lock-mode');
  const date = header('x-amz-object-lock-retain-until-date');
  const hold = header('x-amz-object-lock-legal-hold');
  if (mode === undefined && date === undefined && hold === undefined) return undefined;
  const out: RequestedLock = {};
  if (mode !== undefined || date !== undefined) {
    if (mode === undefined || date === undefined) {
      throw S3Errors.invalidArgument('x-amz-object-lock-retain-until-date and x-amz-object-lock-mode must both be supplied');
    }
    if (!MODES.has(mode)) throw S3Errors.invalidArgument('Unknown wormMode directive.', 'x-amz-object-lock-mode', mode);
    const until = parseDate(date);
    if (until === undefined) throw S3Errors.invalidArgument('The retain until date must be provided in ISO 8601 format', 'x-amz-object-lock-retain-until-date', date);
    Object.assign(out, { mode, until });
  }
  if (hold !== undefined) {
    if (hold !== 'ON' && hold !== 'OFF') throw S3Errors.invalidArgument("Legal Hold must be either of 'ON' or 'OFF'", 'x-amz-object-lock-legal-hold', hold);
    out.hold = hold === 'ON';
  }
  return out;
}

/** Whether the request carries Content-MD5 or a flexible checksum (required with lock parameters). */
export const hasIntegrityHeader = (header: (name: string) => string | undefined, rawHeaders: string[]) =>
  header('content-md5') !== undefined ||
  header('x-amz-sdk-checksum-algorithm') !== undefined ||
  header('x-amz-trailer') !== undefined ||
  rawHeaders.some((h, i) => i % 2 === 0 && h.toLowerCase().startsWith('x-amz-checksum-'));

/**
 * The stored lock of a new version in bucket `b`: the requested one (InvalidRequest when the bucket has no
 * Object Lock; a past date InvalidArgument), else the bucket's default retention from `now`.
 */
export function newVersionLock(b: S3BucketsTable, requested: RequestedLock | undefined, now: number): string | null {
  const config = bucketLockOf(b);
  if (requested && !config) throw LockErrors.missing();
  if (!config) return null;
  if (requested?.until !== undefined && requested.until <= now) throw LockErrors.pastDate();
  const lock: VersionLock = { hold: requested?.hold };
  if (requested?.mode) Object.assign(lock, { mode: requested.mode, until: requested.until });
  else if (config.mode) Object.assign(lock, { mode: config.mode, until: defaultUntil(config, now) });
  return storeLock(lock);
}

/** The end of the bucket's default retention for a version created at `now` (Years: calendar years, UTC). */
export function defaultUntil(c: BucketLock, now: number): number {
  if (c.days !== undefined) return now + c.days * DAY;
  const d = new Date(now);
  d.setUTCFullYear(d.getUTCFullYear() + (c.years ?? 0));
  return d.getTime();
}

/** Whether the version's retention is in force at `now`. */
export const retained = (l: VersionLock, now: number) => l.mode !== undefined && l.until !== undefined && l.until > now;

/**
 * Refuses (AccessDenied) to delete a version under legal hold, under COMPLIANCE retention, or under
 * GOVERNANCE retention without the bypass (the header and s3:BypassGovernanceRetention).
 */
export function assertDeletable(row: Pick<S3ObjectsTable, 'object_lock'>, now: number, bypass: boolean): void {
  const l = versionLockOf(row);
  if (l.hold) throw LockErrors.protected();
  if (retained(l, now) && !(l.mode === 'GOVERNANCE' && bypass)) throw LockErrors.protected();
}

/**
 * The version's lock after PutObjectRetention sets `next` (mode and date, or neither: removal): while a
 * retention is in force, a COMPLIANCE one may only be extended, a GOVERNANCE one extended (or made
 * COMPLIANCE) unless the request bypasses governance; otherwise AccessDenied.
 */
export function changeRetention(current: VersionLock, next: VersionLock, now: number, bypass: boolean): string | null {
  if (next.until !== undefined && next.until <= now) throw LockErrors.pastDate();
  if (retained(current, now)) {
    const keeps = next.until !== undefined && next.until >= current.until!;
    if (current.mode === 'COMPLIANCE' && !(keeps && next.mode === 'COMPLIANCE')) throw LockErrors.protected();
    if (current.mode === 'GOVERNANCE' && !keeps && !bypass) throw LockErrors.protected();
  }
  return storeLock({ ...next, hold: current.hold });
}

/** x-amz-object-lock-* response headers of GET and HEAD. */
export function lockHeaders(row: Pick<S3ObjectsTable, 'object_lock'>): Record<string, string> {
  if (!row.object_lock) return {};
  const l = versionLockOf(row);
  const h: Record<string, string> = {};
  if (l.mode && l.until !== undefined) {
    h['x-amz-object-lock-mode'] = l.mode;
    h['x-amz-object-lock-retain-until-date'] = s3Time(l.until);
  }
  h['x-amz-object-lock-legal-hold'] = l.hold ? 'ON' : 'OFF';
  return h;
}

/** The condition keys of a requested lock: s3:object-lock-mode, -retain-until-date, -remaining-retention-days, -legal-hold. */
export function lockContext(lock: RequestedLock | undefined, now: number): RequestContextValues {
  const c: RequestContextValues = {};
  if (!lock) return c;
  if (lock.mode && lock.until !== undefined) {
    c['s3:object-lock-mode'] = lock.mode;
    c['s3:object-lock-retain-until-date'] = s3Time(lock.until);
    c['s3:object-lock-remaining-retention-days'] = String(Math.max(0, Math.ceil((lock.until - now) / DAY)));
  }
  if (lock.hold !== undefined) c['s3:object-lock-legal-hold'] = lock.hold ? 'ON' : 'OFF';
  return c;
}

/** Whether the request asks to bypass governance retention (x-amz-bypass-governance-retention: true). */
export const bypassRequested = (header: (name: string) => string | undefined) => header('x-amz-bypass-governance-retention')?.trim().toLowerCase() === 'true';

/** The probe of s3:BypassGovernanceRetention, declared only when the request asks to bypass. */
export const bypassProbes = (bypass: boolean, b: S3BucketsTable, key: string): Record<string, AuthzCheck> =>
  bypass ? { bypass: s3Check('s3:BypassGovernanceRetention', b, key) } : {};

/** PutObject with lock parameters must carry Content-MD5 or a checksum (InvalidRequest otherwise); returns `lock`. */
export function requireIntegrity(lock: RequestedLock | undefined, header: (name: string) => string | undefined, rawHeaders: string[]): RequestedLock | undefined {
  if (lock && !hasIntegrityHeader(header, rawHeaders)) throw LockErrors.integrity();
  return lock;
}

/** CreateBucket's x-amz-bucket-object-lock-enabled (true: the bucket is created versioned, with Object Lock). */
export function parseLockEnabledHeader(header: (name: string) => string | undefined): boolean {
  const v = header('x-amz-bucket-object-lock-enabled');
  if (v === undefined) return false;
  if (!/^(true|false)$/i.test(v.trim())) throw S3Errors.invalidArgument('Invalid x-amz-bucket-object-lock-enabled header', 'x-amz-bucket-object-lock-enabled', v);
  return v.trim().toLowerCase() === 'true';
}
