/**
 * A bucket's configuration as a state file carries it (`tessera apply` / `export-state`): versioning,
 * default encryption, CORS rules, lifecycle rules, Object Lock, public access block and object ownership,
 * each in the JSON shape of AWS's API (what `aws s3api get-bucket-cors` and the others print). A section is
 * turned into the XML document its Put operation reads and checked by that operation's own parser, so
 * what PutBucketCors, PutBucketLifecycleConfiguration, ... refuse, a state file cannot set; the result is
 * the stored form (the bucket row's column). And back: a stored column → the section. Pure: no I/O.
 */
import { createHash } from 'node:crypto';
import { xmlDocument, type XmlChildren, type XmlValue } from '../../protocol/restxml/encode.js';
import { parseCorsConfiguration, type CorsRule } from './cors.js';
import { parseLifecycle, type LifecycleFilter, type LifecycleRule } from './lifecycle.js';
import { parseLockConfiguration, type BucketLock } from './objectLock.js';
import { parseVersioningConfiguration } from './operations/PutBucketVersioning.js';
import { parseEncryptionConfiguration } from './operations/PutBucketEncryption.js';
import { parseOwnership } from './ownership.js';
import { DEFAULT_PUBLIC_ACCESS_BLOCK, parsePublicAccessBlock, storedPublicAccessBlock } from './publicAccess.js';
import type { BucketEncryption } from './sse.js';

/** A section that is not shaped as AWS's API shapes it: `path` leads from the section to the bad value. */
export class ConfigShapeError extends Error {
  constructor(
    readonly path: Array<string | number>,
    message: string,
  ) {
    super(message);
    this.name = 'ConfigShapeError';
  }
}

/**
 * How a JSON member becomes XML: its element name, and for a list the element of each item (S3's lists
 * are flattened: AllowedMethods: [GET] → <AllowedMethod>GET</AllowedMethod>).
 */
interface Member {
  el: string;
  list?: boolean;
  shape?: Shape;
}
type Shape = Record<string, Member>;

const scalar = (el: string): Member => ({ el });
const tag: Shape = { Key: scalar('Key'), Value: scalar('Value') };

const CORS_RULE: Shape = {
  ID: scalar('ID'),
  AllowedHeaders: { el: 'AllowedHeader', list: true },
  AllowedMethods: { el: 'AllowedMethod', list: true },
  AllowedOrigins: { el: 'AllowedOrigin', list: true },
  ExposeHeaders: { el: 'ExposeHeader', list: true },
  MaxAgeSeconds: scalar('MaxAgeSeconds'),
};

const LIFECYCLE_RULE: Shape = {
  ID: scalar('ID'),
  Prefix: scalar('Prefix'),
  Status: scalar('Status'),
  Filter: {
    el: 'Filter',
    shape: {
      Prefix: scalar('Prefix'),
      Tag: { el: 'Tag', shape: tag },
      ObjectSizeGreaterThan: scalar('ObjectSizeGreaterThan'),
      ObjectSizeLessThan: scalar('ObjectSizeLessThan'),
      And: {
        el: 'And',
        shape: { Prefix: scalar('Prefix'), Tags: { el: 'Tag', list: true, shape: tag }, ObjectSizeGreaterThan: scalar('ObjectSizeGreaterThan'), ObjectSizeLessThan: scalar('ObjectSizeLessThan') },
      },
    },
  },
  Expiration: { el: 'Expiration', shape: { Days: scalar('Days'), Date: scalar('Date'), ExpiredObjectDeleteMarker: scalar('ExpiredObjectDeleteMarker') } },
  NoncurrentVersionExpiration: { el: 'NoncurrentVersionExpiration', shape: { NoncurrentDays: scalar('NoncurrentDays'), NewerNoncurrentVersions: scalar('NewerNoncurrentVersions') } },
  AbortIncompleteMultipartUpload: { el: 'AbortIncompleteMultipartUpload', shape: { DaysAfterInitiation: scalar('DaysAfterInitiation') } },
  // Read so that the parser answers as S3 does (NotImplemented: Tessera stores STANDARD only).
  Transitions: { el: 'Transition', list: true, shape: { Days: scalar('Days'), Date: scalar('Date'), StorageClass: scalar('StorageClass') } },
  NoncurrentVersionTransitions: { el: 'NoncurrentVersionTransition', list: true, shape: { NoncurrentDays: scalar('NoncurrentDays'), StorageClass: scalar('StorageClass') } },
};

const OBJECT_LOCK: Shape = {
  ObjectLockEnabled: scalar('ObjectLockEnabled'),
  Rule: { el: 'Rule', shape: { DefaultRetention: { el: 'DefaultRetention', shape: { Mode: scalar('Mode'), Days: scalar('Days'), Years: scalar('Years') } } } },
};

const ENCRYPTION: Shape = { SSEAlgorithm: scalar('SSEAlgorithm'), KMSMasterKeyID: scalar('KMSMasterKeyID'), BucketKeyEnabled: scalar('BucketKeyEnabled') };

const PUBLIC_ACCESS_BLOCK: Shape = {
  BlockPublicAcls: scalar('BlockPublicAcls'),
  IgnorePublicAcls: scalar('IgnorePublicAcls'),
  BlockPublicPolicy: scalar('BlockPublicPolicy'),
  RestrictPublicBuckets: scalar('RestrictPublicBuckets'),
};

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function scalarText(v: unknown, path: Array<string | number>): string {
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return String(v);
  throw new ConfigShapeError(path, `${String(path[path.length - 1])} must be a string, a number or true/false`);
}

/** A JSON value of `shape` → XML children; unknown members and wrong kinds refused with their path. */
function toXml(v: unknown, shape: Shape, path: Array<string | number>): XmlChildren {
  if (!isObject(v)) throw new ConfigShapeError(path, `${path.length ? String(path[path.length - 1]) : 'the section'} must be a mapping`);
  const out: XmlChildren = [];
  for (const [k, x] of Object.entries(v)) {
    const m = shape[k];
    if (!m) throw new ConfigShapeError([...path, k], `unknown field "${k}" (allowed: ${Object.keys(shape).join(', ')})`);
    const item = (y: unknown, p: Array<string | number>): XmlValue => (m.shape ? toXml(y, m.shape, p) : scalarText(y, p));
    if (m.list) {
      if (!Array.isArray(x)) throw new ConfigShapeError([...path, k], `${k} must be a list`);
      x.forEach((y, i) => out.push([m.el, item(y, [...path, k, i])]));
    } else out.push([m.el, item(x, [...path, k])]);
  }
  return out;
}

function list(v: unknown, what: string): unknown[] {
  if (!Array.isArray(v)) throw new ConfigShapeError([], `${what} must be a list of rules`);
  return v;
}

/**
 * A validation error of S3's parser for one item of a section: `path` names the item (the rule), `error`
 * is S3's (MalformedXML, InvalidArgument, InvalidRequest, NotImplemented).
 */
export class ConfigRuleError extends Error {
  constructor(
    readonly path: Array<string | number>,
    readonly error: Error,
  ) {
    super(error.message);
    this.name = 'ConfigRuleError';
  }
}

/** Each rule on its own first (so that an error names its rule), then the whole list (limits, unique IDs). */
function perRule<T>(rules: unknown[], shape: Shape, document: (rules: XmlChildren[]) => string, parse: (xml: string) => T): T {
  const xml = rules.map((r, i) => toXml(r, shape, [i]));
  xml.forEach((c, i) => {
    try {
      parse(document([c]));
    } catch (e) {
      throw new ConfigRuleError([i], e as Error);
    }
  });
  try {
    return parse(document(xml));
  } catch (e) {
    throw new ConfigRuleError([], e as Error);
  }
}

const whole = <T>(parse: () => T): T => {
  try {
    return parse();
  } catch (e) {
    if (e instanceof ConfigShapeError) throw e;
    throw new ConfigRuleError([], e as Error);
  }
};

// ---- the sections: file (AWS's JSON shape) → the stored column, and back.

/** versioning: Enabled | Suspended (PutBucketVersioning's check). */
export function readVersioning(v: unknown): 'Enabled' | 'Suspended' {
  const status = whole(() => parseVersioningConfiguration(xmlDocument('VersioningConfiguration', [['Status', scalarText(v, [])]])));
  return status!;
}

/** cors: the CORSRules list → the stored rules (PutBucketCors's parser). */
export function readCors(v: unknown): string {
  const rules = perRule(list(v, 'cors'), CORS_RULE, (rs) => xmlDocument('CORSConfiguration', rs.map((r): [string, XmlValue] => ['CORSRule', r])), parseCorsConfiguration);
  return JSON.stringify(rules);
}

export function corsSection(stored: string): unknown[] {
  return (JSON.parse(stored) as CorsRule[]).map((r) => ({
    ...(r.id !== undefined ? { ID: r.id } : {}),
    ...(r.allowedHeaders.length ? { AllowedHeaders: r.allowedHeaders } : {}),
    AllowedMethods: r.allowedMethods,
    AllowedOrigins: r.allowedOrigins,
    ...(r.exposeHeaders.length ? { ExposeHeaders: r.exposeHeaders } : {}),
    ...(r.maxAgeSeconds !== undefined ? { MaxAgeSeconds: r.maxAgeSeconds } : {}),
  }));
}

/**
 * lifecycle: the Rules list → the stored rules (PutBucketLifecycleConfiguration's parser). A rule without an
 * ID gets one derived from its content (S3 makes a random one), so that applying the file again changes nothing.
 */
export function readLifecycle(v: unknown): string {
  const rules = list(v, 'lifecycle');
  let n = 0;
  const parsed = perRule(rules, LIFECYCLE_RULE, (rs) => xmlDocument('LifecycleConfiguration', rs.map((r): [string, XmlValue] => ['Rule', r])), (xml) => parseLifecycle(xml, () => `\u0000${n++}`));
  parsed.forEach((r, i) => {
    if (r.id.startsWith('\u0000')) r.id = createHash('sha256').update(`${i} ${JSON.stringify(rules[i])}`).digest('base64url').slice(0, 32);
  });
  return JSON.stringify(parsed);
}

function filterSection(f: LifecycleFilter): Record<string, unknown> {
  const tagOf = (t: { Key: string; Value: string }) => ({ Key: t.Key, Value: t.Value });
  switch (f.form) {
    case 'legacy':
      return { Prefix: f.prefix ?? '' };
    case 'none':
      return { Filter: {} };
    case 'prefix':
      return { Filter: { Prefix: f.prefix ?? '' } };
    case 'tag':
      return { Filter: { Tag: tagOf(f.tags![0]!) } };
    case 'gt':
      return { Filter: { ObjectSizeGreaterThan: f.sizeGreaterThan } };
    case 'lt':
      return { Filter: { ObjectSizeLessThan: f.sizeLessThan } };
    default:
      return {
        Filter: {
          And: {
            ...(f.prefix !== undefined ? { Prefix: f.prefix } : {}),
            ...(f.tags?.length ? { Tags: f.tags.map(tagOf) } : {}),
            ...(f.sizeGreaterThan !== undefined ? { ObjectSizeGreaterThan: f.sizeGreaterThan } : {}),
            ...(f.sizeLessThan !== undefined ? { ObjectSizeLessThan: f.sizeLessThan } : {}),
          },
        },
      };
  }
}

export function lifecycleSection(stored: string): unknown[] {
  return (JSON.parse(stored) as LifecycleRule[]).map((r) => {
    const expiration =
      r.expirationDays !== undefined ? { Days: r.expirationDays } : r.expirationDate !== undefined ? { Date: r.expirationDate } : r.expiredObjectDeleteMarker !== undefined ? { ExpiredObjectDeleteMarker: r.expiredObjectDeleteMarker } : undefined;
    return {
      ID: r.id,
      ...filterSection(r.filter),
      Status: r.enabled ? 'Enabled' : 'Disabled',
      ...(expiration ? { Expiration: expiration } : {}),
      ...(r.noncurrentDays !== undefined ? { NoncurrentVersionExpiration: { NoncurrentDays: r.noncurrentDays, ...(r.newerNoncurrentVersions !== undefined ? { NewerNoncurrentVersions: r.newerNoncurrentVersions } : {}) } } : {}),
      ...(r.abortDays !== undefined ? { AbortIncompleteMultipartUpload: { DaysAfterInitiation: r.abortDays } } : {}),
    };
  });
}

/** objectLock: { ObjectLockEnabled: Enabled, Rule?: { DefaultRetention: { Mode, Days | Years } } } (PutObjectLockConfiguration's parser). */
export function readObjectLock(v: unknown): string {
  const xml = xmlDocument('ObjectLockConfiguration', toXml(v, OBJECT_LOCK, []));
  return JSON.stringify(whole(() => parseLockConfiguration(xml)));
}

export function objectLockSection(stored: string): Record<string, unknown> {
  const c = JSON.parse(stored) as BucketLock;
  return { ObjectLockEnabled: 'Enabled', ...(c.mode ? { Rule: { DefaultRetention: { Mode: c.mode, ...(c.days !== undefined ? { Days: c.days } : { Years: c.years }) } } } : {}) };
}

/** encryption: { SSEAlgorithm: AES256, BucketKeyEnabled? } (PutBucketEncryption's parser: aws:kms is NotImplemented). */
export function readEncryption(v: unknown): string {
  const children = toXml(v, ENCRYPTION, []);
  const byDefault = children.filter(([n]) => n !== 'BucketKeyEnabled');
  const bucketKey = children.filter(([n]) => n === 'BucketKeyEnabled');
  const xml = xmlDocument('ServerSideEncryptionConfiguration', [['Rule', [['ApplyServerSideEncryptionByDefault', byDefault], ...bucketKey]]]);
  return JSON.stringify(whole(() => parseEncryptionConfiguration(xml)));
}

export function encryptionSection(stored: string): Record<string, unknown> {
  const c = JSON.parse(stored) as BucketEncryption;
  return { SSEAlgorithm: c.algorithm, ...(c.bucketKeyEnabled ? { BucketKeyEnabled: true } : {}) };
}

/** publicAccessBlock: the four settings, an absent one false (PutPublicAccessBlock's parser). */
export function readPublicAccessBlock(v: unknown): string {
  const xml = xmlDocument('PublicAccessBlockConfiguration', toXml(v, PUBLIC_ACCESS_BLOCK, []));
  return JSON.stringify(whole(() => parsePublicAccessBlock(xml)));
}

/**
 * A bucket's block public access in a state file: written out always (a bucket with none: the four settings
 * false); a file that leaves it out asks for S3's default for new buckets, all four on — never for none.
 */
export const publicAccessBlockSection = (stored: string | null): Record<string, unknown> => ({ ...(storedPublicAccessBlock(stored) ?? storedPublicAccessBlock('{}')) });
export const DEFAULT_PUBLIC_ACCESS_BLOCK_STORED = JSON.stringify(DEFAULT_PUBLIC_ACCESS_BLOCK);

/** The stored form compared with a file's (a stored configuration normalised as the Get operation reads it). */
export const samePublicAccessBlock = (stored: string | null, file: string | null) =>
  (stored === null ? null : JSON.stringify(storedPublicAccessBlock(stored))) === file;

/** objectOwnership: BucketOwnerEnforced | BucketOwnerPreferred | ObjectWriter, or none (no ownership controls). */
export function readObjectOwnership(v: unknown): string | null {
  const value = scalarText(v, []);
  if (value === 'none') return null;
  return whole(() => parseOwnership(value, 'ObjectOwnership'));
}

