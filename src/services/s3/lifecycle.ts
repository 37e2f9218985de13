/**
 * S3 lifecycle configurations: the LifecycleConfiguration document (rules with a filter and expiration
 * actions) parsed and checked as AWS checks it, stored as JSON, and written back. Transitions to other
 * storage classes are refused: Tessera stores STANDARD only.
 */
import type { XmlChildren } from '../../protocol/restxml/encode.js';
import { listOf, malformedXml, parseXmlDocument, textOf, type XmlNode } from '../../protocol/restxml/parse.js';
import { ServiceError } from '../../core/errors.js';
import { S3Errors } from './errors.js';
import { validateTags, type Tag } from './tagging.js';

export interface LifecycleFilter {
  prefix?: string;
  tags?: Tag[];
  sizeGreaterThan?: number;
  sizeLessThan?: number;
  /** How the filter was written: 'legacy' (Rule/Prefix), 'none' (empty Filter), 'prefix', 'tag', 'and', 'gt', 'lt'. */
  form: string;
}

export interface LifecycleRule {
  id: string;
  enabled: boolean;
  filter: LifecycleFilter;
  expirationDays?: number;
  expirationDate?: string;
  expiredObjectDeleteMarker?: boolean;
  noncurrentDays?: number;
  newerNoncurrentVersions?: number;
  abortDays?: number;
}

export const MAX_RULES = 1000;

export const LifecycleErrors = {
  notFound: (bucket: string) => new ServiceError('NoSuchLifecycleConfiguration', 'The lifecycle configuration does not exist', 404, { extra: { BucketName: bucket } }),
  transition: () => S3Errors.notImplemented('Transition actions are not implemented: Tessera stores objects in the STANDARD storage class only'),
};

const positiveInt = (s: string | undefined, what: string): number | undefined => {
  if (s === undefined) return undefined;
  if (!/^-?\d+$/.test(s.trim())) throw malformedXml();
  const n = Number(s.trim());
  if (n <= 0 || !Number.isSafeInteger(n)) throw S3Errors.invalidArgument(`'${what}' must be a positive integer`);
  return n;
};

const nonNegative = (s: string | undefined): number | undefined => {
  if (s === undefined) return undefined;
  if (!/^\d+$/.test(s.trim())) throw malformedXml();
  return Number(s.trim());
};

function tagOf(node: XmlNode): Tag {
  const Key = textOf(node, 'Key');
  const Value = textOf(node, 'Value');
  if (Key === undefined || Value === undefined) throw malformedXml();
  return { Key, Value };
}

function parseFilter(rule: XmlNode): LifecycleFilter {
  const filters = listOf(rule, 'Filter');
  const legacy = textOf(rule, 'Prefix');
  if (filters.length > 1 || (filters.length === 1 && legacy !== undefined)) throw malformedXml();
  if (filters.length === 0) {
    if (legacy === undefined) throw malformedXml();
    return { form: 'legacy', prefix: legacy };
  }
  const f = filters[0]!;
  const parts = ['Prefix', 'Tag', 'And', 'ObjectSizeGreaterThan', 'ObjectSizeLessThan'].filter((n) => f[n] !== undefined);
  if (parts.length > 1) throw malformedXml();
  if (parts.length === 0) return { form: 'none' };
  const and = listOf(f, 'And')[0];
  if (and) {
    const tags = validateTags(listOf(and, 'Tag').map(tagOf), 10, 'Object');
    const out: LifecycleFilter = { form: 'and', prefix: textOf(and, 'Prefix'), tags, sizeGreaterThan: nonNegative(textOf(and, 'ObjectSizeGreaterThan')), sizeLessThan: nonNegative(textOf(and, 'ObjectSizeLessThan')) };
    return out;
  }
  if (parts[0] === 'Tag') return { form: 'tag', tags: [tagOf(listOf(f, 'Tag')[0]!)] };
  if (parts[0] === 'Prefix') return { form: 'prefix', prefix: textOf(f, 'Prefix') ?? '' };
  if (parts[0] === 'ObjectSizeGreaterThan') return { form: 'gt', sizeGreaterThan: nonNegative(textOf(f, 'ObjectSizeGreaterThan')) };
  return { form: 'lt', sizeLessThan: nonNegative(textOf(f, 'ObjectSizeLessThan')) };
}

function parseRule(r: XmlNode): LifecycleRule {
  const id = textOf(r, 'ID') ?? '';
  if (id.length > 255) throw S3Errors.invalidArgument('ID length should not exceed allowed limit of 255', 'ID', id);
  const status = textOf(r, 'Status');
  if (status !== 'Enabled' && status !== 'Disabled') throw malformedXml();
  if (listOf(r, 'Transition').length || listOf(r, 'NoncurrentVersionTransition').length) throw LifecycleErrors.transition();
  const rule: LifecycleRule = { id, enabled: status === 'Enabled', filter: parseFilter(r) };
  const exp = listOf(r, 'Expiration');
  if (exp.length > 1) throw malformedXml();
  if (exp[0]) {
    const e = exp[0];
    const days = positiveInt(textOf(e, 'Days'), 'Days');
    const date = textOf(e, 'Date');
    const marker = textOf(e, 'ExpiredObjectDeleteMarker');
    if ([days, date, marker].filter((x) => x !== undefined).length !== 1) throw malformedXml();
    if (date !== undefined) {
      const t = Date.parse(date);
      if (Number.isNaN(t)) throw malformedXml();
      if (t % 86_400_000 !== 0) throw S3Errors.invalidArgument("'Date' must be at midnight GMT");
      rule.expirationDate = new Date(t).toISOString();
    }
    if (marker !== undefined) {
      if (marker !== 'true' && marker !== 'false') throw malformedXml();
      if (rule.filter.tags?.length) throw S3Errors.invalidArgument('ExpiredObjectDeleteMarker cannot be specified with object tag filters.');
      rule.expiredObjectDeleteMarker = marker === 'true';
    }
    if (days !== undefined) rule.expirationDays = days;
  }
  const nc = listOf(r, 'NoncurrentVersionExpiration');
  if (nc.length > 1) throw malformedXml();
  if (nc[0]) {
    rule.noncurrentDays = positiveInt(textOf(nc[0], 'NoncurrentDays'), 'NoncurrentDays');
    if (rule.noncurrentDays === undefined) throw malformedXml();
    const newer = positiveInt(textOf(nc[0], 'NewerNoncurrentVersions'), 'NewerNoncurrentVersions');
    if (newer !== undefined) {
      if (newer > 100) throw S3Errors.invalidArgument("'NewerNoncurrentVersions' must be less than or equal to 100");
      rule.newerNoncurrentVersions = newer;
    }
  }
  const abort = listOf(r, 'AbortIncompleteMultipartUpload');
  if (abort.length > 1) throw malformedXml();
  if (abort[0]) {
    if (rule.filter.tags?.length) throw S3Errors.invalidArgument('AbortIncompleteMultipartUpload cannot be specified with Tags.');
    rule.abortDays = positiveInt(textOf(abort[0], 'DaysAfterInitiation'), 'DaysAfterInitiation');
    if (rule.abortDays === undefined) throw malformedXml();
  }
  if (!exp[0] && !nc[0] && !abort[0]) throw S3Errors.invalidRequest('At least one action needs to be specified in a rule');
  return rule;
}

/** The LifecycleConfiguration document: 1 to 1,000 rules with distinct IDs (a missing ID gets a generated one). */
export function parseLifecycle(text: string, newId: () => string): LifecycleRule[] {
  const doc = parseXmlDocument(text, 'LifecycleConfiguration');
  const rules = listOf(doc, 'Rule');
  if (rules.length === 0 || rules.length > MAX_RULES) throw malformedXml();
  const out = rules.map(parseRule);
  const seen = new Set<string>();
  for (const r of out) {
    if (r.id === '') r.id = newId();
    if (seen.has(r.id)) throw S3Errors.invalidArgument('Rule ID must be unique. Found same ID for more than one rule', 'ID', r.id);
    seen.add(r.id);
  }
  return out;
}

const tagXml = (t: Tag): XmlChildren => [['Key', t.Key], ['Value', t.Value]];

function filterXml(f: LifecycleFilter): XmlChildren {
  switch (f.form) {
    case 'legacy':
      return [['Prefix', f.prefix ?? '']];
    case 'none':
      return [['Filter', []]];
    case 'prefix':
      return [['Filter', [['Prefix', f.prefix ?? '']]]];
    case 'tag':
      return [['Filter', [['Tag', tagXml(f.tags![0]!)]]]];
    case 'gt':
      return [['Filter', [['ObjectSizeGreaterThan', f.sizeGreaterThan]]]];
    case 'lt':
      return [['Filter', [['ObjectSizeLessThan', f.sizeLessThan]]]];
    default: {
      const and: XmlChildren = [];
      if (f.prefix !== undefined) and.push(['Prefix', f.prefix]);
      for (const t of f.tags ?? []) and.push(['Tag', tagXml(t)]);
      if (f.sizeGreaterThan !== undefined) and.push(['ObjectSizeGreaterThan', f.sizeGreaterThan]);
      if (f.sizeLessThan !== undefined) and.push(['ObjectSizeLessThan', f.sizeLessThan]);
      return [['Filter', [['And', and]]]];
    }
  }
}

export function lifecycleXml(rules: LifecycleRule[]): XmlChildren {
  return rules.map((r): [string, XmlChildren] => {
    const c: XmlChildren = [['ID', r.id], ...filterXml(r.filter), ['Status', r.enabled ? 'Enabled' : 'Disabled']];
    if (r.expirationDays !== undefined) c.push(['Expiration', [['Days', r.expirationDays]]]);
    if (r.expirationDate !== undefined) c.push(['Expiration', [['Date', r.expirationDate]]]);
    if (r.expiredObjectDeleteMarker !== undefined) c.push(['Expiration', [['ExpiredObjectDeleteMarker', r.expiredObjectDeleteMarker]]]);
    if (r.noncurrentDays !== undefined) {
      const n: XmlChildren = [['NoncurrentDays', r.noncurrentDays]];
      if (r.newerNoncurrentVersions !== undefined) n.push(['NewerNoncurrentVersions', r.newerNoncurrentVersions]);
      c.push(['NoncurrentVersionExpiration', n]);
    }
    if (r.abortDays !== undefined) c.push(['AbortIncompleteMultipartUpload', [['DaysAfterInitiation', r.abortDays]]]);
    return ['Rule', c];
  });
}

/** Whether an object (key, size, tags) falls under the rule's filter. */
export function ruleMatches(f: LifecycleFilter, key: string, size: number, tags: Tag[]): boolean {
  if (f.prefix !== undefined && !key.startsWith(f.prefix)) return false;
  if (f.sizeGreaterThan !== undefined && !(size > f.sizeGreaterThan)) return false;
  if (f.sizeLessThan !== undefined && !(size < f.sizeLessThan)) return false;
  return (f.tags ?? []).every((t) => tags.some((o) => o.Key === t.Key && o.Value === t.Value));
}

const DAY = 86_400_000;

/**
 * When a Days-based action falls due, as AWS computes it: `days` after `since` (an object's creation, the
 * time a version became noncurrent, an upload's initiation), rounded to the next midnight UTC — an object
 * created 2014-01-15 10:30 UTC under a 3-day rule expires 2014-01-19 00:00 UTC (S3 User Guide, "Lifecycle
 * configuration elements").
 */
export const lifecycleDueAt = (since: number, days: number): number => (Math.floor((since + days * DAY) / DAY) + 1) * DAY;

/**
 * x-amz-expiration of a current version: the earliest enabled Days or Date expiration whose filter it
 * matches (`expiry-date="<HTTP date>", rule-id="<id>"`); a Days expiration's date is the midnight UTC
 * lifecycleDueAt gives, which is also when the sweep acts.
 */
export function expirationHeader(
  b: { lifecycle: string | null },
  o: { key: string; size: number; last_modified: number; tags: string | null },
): Record<string, string> {
  if (!b.lifecycle) return {};
  let best: { at: number; id: string } | undefined;
  const tags = o.tags ? (JSON.parse(o.tags) as Tag[]) : [];
  for (const r of JSON.parse(b.lifecycle) as LifecycleRule[]) {
    if (!r.enabled || !ruleMatches(r.filter, o.key, Number(o.size), tags)) continue;
    const at = r.expirationDays !== undefined ? lifecycleDueAt(Number(o.last_modified), r.expirationDays) : r.expirationDate ? Date.parse(r.expirationDate) : undefined;
    if (at !== undefined && (!best || at < best.at)) best = { at, id: r.id };
  }
  return best ? { 'x-amz-expiration': `expiry-date="${new Date(best.at).toUTCString()}", rule-id="${best.id.replace(/["\\]/g, '')}"` } : {};
}
