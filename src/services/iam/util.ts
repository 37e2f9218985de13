/** Small helpers shared by IAM operations: ARNs, tags, pagination, policy documents. */
import { iamArn } from '../../core/arn.js';
import { ServiceError } from '../../core/errors.js';
import { parsePolicy, type CompiledPolicy, type PolicyKind } from '../../policy/index.js';
import type { IamEntitiesTable } from '../../store/schema-iam.js';
import { asMalformed, limitExceeded, type Kind } from './errors.js';

export interface Tag {
  Key: string;
  Value: string;
}

export const entityArn = (accountId: string, kind: Kind, path: string, name: string) => iamArn(accountId, kind, path, name);
export const rowArn = (row: IamEntitiesTable) => iamArn(row.account_id, row.kind, row.path, row.name);

/** AWS returns policy documents URL-encoded (RFC 3986). */
export const encodeDocument = (doc: string) => encodeURIComponent(doc);

/** The size AWS counts against policy quotas: characters other than whitespace. */
export const policySize = (doc: string) => doc.replace(/\s/g, '').length;

/** Validates a document for its use; MalformedPolicyDocument with the engine's message otherwise. */
export function validateDocument(doc: string, kind: PolicyKind, requireCurrentVersion = false): CompiledPolicy {
  try {
    return parsePolicy(doc, kind, { requireCurrentVersion });
  } catch (e) {
    return asMalformed(e);
  }
}

export const MANAGED_POLICY_MAX = 6144;
export function checkManagedSize(doc: string) {
  if (policySize(doc) > MANAGED_POLICY_MAX) throw limitExceeded(`Cannot exceed quota for PolicySize: ${MANAGED_POLICY_MAX}`);
}

export const parseTags = (json: string | null | undefined): Tag[] => (json ? (JSON.parse(json) as Tag[]) : []);

export const tooManyTags = () => limitExceeded('The number of tags has reached the maximum limit.');

/**
 * The tags a call passes (CreateUser, TagPolicy, ...): keys unique case-insensitively, none with the reserved
 * `aws:` prefix (InvalidInput), at most 50 (LimitExceeded).
 */
export function checkNewTags(tags: Tag[] | undefined): Tag[] {
  const list = tags ?? [];
  const keys = new Set<string>();
  for (const t of list) {
    const lc = t.Key.toLowerCase();
    if (keys.has(lc)) throw new ServiceError('InvalidInput', 'Duplicate tag keys found. Please note that Tag keys are case insensitive.', 400);
    if (lc.startsWith('aws:')) throw new ServiceError('InvalidInput', `Tag keys starting with 'aws:' are reserved for internal use: ${t.Key}`, 400);
    keys.add(lc);
  }
  if (list.length > 50) throw tooManyTags();
  return list;
}

export const tagContext = (tags: Tag[] | undefined): Record<string, string | string[]> => {
  const c: Record<string, string | string[]> = {};
  if (!tags || tags.length === 0) return c;
  for (const t of tags) c[`aws:RequestTag/${t.Key}`] = t.Value;
  c['aws:TagKeys'] = tags.map((t) => t.Key);
  return c;
};

export const DEFAULT_MAX_ITEMS = 100;

/** Opaque markers: the last key of the page, base64url. */
export const encodeMarker = (key: string) => Buffer.from(key, 'utf8').toString('base64url');
export function decodeMarker(marker: string | undefined): string | undefined {
  if (marker === undefined) return undefined;
  const s = Buffer.from(marker, 'base64url').toString('utf8');
  if (!s || encodeMarker(s) !== marker.replace(/=+$/, '')) throw new ServiceError('InvalidInput', 'Invalid Marker.', 400);
  return s;
}

/** Pages an in-memory list (already ordered) by an opaque index marker. */
export function pageOf<T>(items: T[], marker: string | undefined, maxItems: number | undefined) {
  const start = marker === undefined ? 0 : Number(decodeMarker(marker));
  if (!Number.isInteger(start) || start < 0) throw new ServiceError('InvalidInput', 'Invalid Marker.', 400);
  const n = maxItems ?? DEFAULT_MAX_ITEMS;
  const page = items.slice(start, start + n);
  const more = start + n < items.length;
  return { page, IsTruncated: more, ...(more ? { Marker: encodeMarker(String(start + n)) } : {}) };
}

/** Pages rows fetched with limit + 1 (keyset): the marker is the last row's key. */
export function keysetPage<T>(rows: T[], limit: number, key: (r: T) => string) {
  const more = rows.length > limit;
  const page = more ? rows.slice(0, limit) : rows;
  return { page, IsTruncated: more, ...(more ? { Marker: encodeMarker(key(page[page.length - 1]!)) } : {}) };
}
