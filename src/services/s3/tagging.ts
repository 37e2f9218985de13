/**
 * S3 tag sets (objects and buckets): reading them from a Tagging document or the x-amz-tagging header,
 * AWS's limits, their stored form, and the condition keys they give a request (s3:ExistingObjectTag/<key>,
 * s3:RequestObjectTag/<key>, s3:RequestObjectTagKeys, aws:ResourceTag/<key>).
 */
import type { RequestContextValues } from '../../authz/context.js';
import { xmlDocument, type XmlChildren } from '../../protocol/restxml/encode.js';
import { listOf, malformedXml, parseXmlDocument, textOf } from '../../protocol/restxml/parse.js';
import { S3Errors } from './errors.js';

export interface Tag {
  Key: string;
  Value: string;
}

export const MAX_OBJECT_TAGS = 10;
export const MAX_BUCKET_TAGS = 50;

/** AWS's tag rules: count, unique keys, key 1-128 and value 0-256 characters, no aws: keys. */
export function validateTags(tags: Tag[], max: number, what: 'Object' | 'Bucket'): Tag[] {
  if (tags.length > max) throw S3Errors.invalidTag(what === 'Object' ? `Object tags cannot be greater than ${max}` : `Bucket tag count cannot be greater than ${max}`);
  const seen = new Set<string>();
  for (const t of tags) {
    if (t.Key.length === 0 || [...t.Key].length > 128) throw S3Errors.invalidTag('The TagKey you have provided is invalid');
    if ([...t.Value].length > 256) throw S3Errors.invalidTag('The TagValue you have provided is invalid');
    if (t.Key.toLowerCase().startsWith('aws:')) throw S3Errors.invalidTag('Your TagKey cannot be prefixed with aws:');
    if (seen.has(t.Key)) throw S3Errors.invalidTag('Cannot provide multiple Tags with the same key');
    seen.add(t.Key);
  }
  return tags;
}

/** A <Tagging><TagSet><Tag><Key/><Value/></Tag>...</TagSet></Tagging> document. */
export function parseTaggingXml(text: string, max: number, what: 'Object' | 'Bucket'): Tag[] {
  const doc = parseXmlDocument(text, 'Tagging');
  const set = listOf(doc, 'TagSet');
  if (set.length !== 1) throw malformedXml();
  const tags = listOf(set[0], 'Tag').map((t) => {
    const Key = textOf(t, 'Key');
    const Value = textOf(t, 'Value');
    if (Key === undefined || Value === undefined) throw malformedXml();
    return { Key, Value };
  });
  return validateTags(tags, max, what);
}

/** The x-amz-tagging header: URL query form (k1=v1&k2=v2); undefined when absent. */
export function parseTaggingHeader(v: string | undefined): Tag[] | undefined {
  if (v === undefined) return undefined;
  const tags: Tag[] = [];
  const keys = new Set<string>();
  for (const [Key, Value] of new URLSearchParams(v)) {
    if (keys.has(Key)) {
      throw S3Errors.invalidArgument(
        "The header 'x-amz-tagging' shall be encoded as UTF-8 then URLEncoded URL query parameters without tag name duplicates.",
        'x-amz-tagging',
        v,
      );
    }
    keys.add(Key);
    tags.push({ Key, Value });
  }
  return validateTags(tags, MAX_OBJECT_TAGS, 'Object');
}

/** The stored form (JSON text; null for no tags). */
export const storeTags = (tags: Tag[] | undefined): string | null => (tags && tags.length ? JSON.stringify(tags) : null);
export const loadTags = (stored: string | null | undefined): Tag[] => (stored ? (JSON.parse(stored) as Tag[]) : []);

/** x-amz-tagging-count on GET/HEAD of an object with tags. */
export const tagCountHeader = (stored: string | null | undefined): Record<string, string> => {
  const n = loadTags(stored).length;
  return n ? { 'x-amz-tagging-count': String(n) } : {};
};

/** A Tagging document (GetObjectTagging, GetBucketTagging). */
export const taggingXml = (tags: Tag[]) =>
  xmlDocument('Tagging', [['TagSet', tags.map((t): XmlChildren[number] => ['Tag', [['Key', t.Key], ['Value', t.Value]]])]]);

/** s3:ExistingObjectTag/<key> of each tag of the object addressed. */
export function existingTagContext(stored: string | null | undefined): RequestContextValues {
  const c: RequestContextValues = {};
  for (const t of loadTags(stored)) c[`s3:ExistingObjectTag/${t.Key}`] = t.Value;
  return c;
}

/** s3:RequestObjectTag/<key> and s3:RequestObjectTagKeys of the tags a request sets (none: no keys). */
export function requestTagContext(tags: Tag[] | undefined): RequestContextValues {
  const c: RequestContextValues = {};
  if (!tags) return c;
  for (const t of tags) c[`s3:RequestObjectTag/${t.Key}`] = t.Value;
  c['s3:RequestObjectTagKeys'] = tags.map((t) => t.Key);
  return c;
}

/** aws:ResourceTag/<key> of the bucket's tags. */
export function bucketTagContext(stored: string | null | undefined): RequestContextValues {
  const c: RequestContextValues = {};
  for (const t of loadTags(stored)) c[`aws:ResourceTag/${t.Key}`] = t.Value;
  return c;
}
