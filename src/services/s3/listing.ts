/**
 * Listing as an indexed range scan over (bucket, key): keys in UTF-8 byte order, a delimiter folding keys
 * into common prefixes (the scan then jumps past the whole prefix instead of reading it), MaxKeys counting
 * keys and prefixes together.
 */
import type { ListedObject, ObjectsRepo } from '../../store/repos/s3Objects.js';

export interface ListRequest {
  bucket: string;
  prefix: string;
  delimiter: string;
  maxKeys: number;
  /** List only keys (and prefixes) that sort after this one. */
  after: string;
}

export interface ListPage {
  contents: ListedObject[];
  commonPrefixes: string[];
  truncated: boolean;
  /** The last key or prefix returned (the resume point). */
  last: string | undefined;
}

/** Byte-order comparison of two strings as UTF-8 (S3's order). */
export const compareKeys = (a: string, b: string) => Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));

/** The smallest string sorting after every string that starts with `p` (undefined: no such bound). */
export function prefixSuccessor(p: string): string | undefined {
  const cps = [...p];
  while (cps.length > 0) {
    const last = cps.pop()!.codePointAt(0)!;
    if (last < 0x10ffff) {
      let next = last + 1;
      if (next >= 0xd800 && next <= 0xdfff) next = 0xe000;
      return cps.join('') + String.fromCodePoint(next);
    }
  }
  return undefined;
}

/** The common prefix a key folds into: up to the first delimiter after the prefix (none without a delimiter). */
export function commonPrefixOf(key: string, prefix: string, delimiter: string): string | undefined {
  if (!delimiter) return undefined;
  const i = key.indexOf(delimiter, prefix.length);
  return i >= 0 ? key.slice(0, i + delimiter.length) : undefined;
}

const BATCH = 1000;
const SMALL_BATCH = 8;

export async function listKeys(objects: ObjectsRepo, r: ListRequest): Promise<ListPage> {
  const contents: ListedObject[] = [];
  const commonPrefixes: string[] = [];
  const upper = r.prefix ? prefixSuccessor(r.prefix) : undefined;
  let from = r.prefix;
  let exclusive = false;
  if (r.after && compareKeys(r.after, r.prefix) >= 0) {
    from = r.after;
    exclusive = true;
  }
  let last: string | undefined;
  if (r.maxKeys === 0) return { contents, commonPrefixes, truncated: false, last };
  // With a delimiter a batch may end at its first row (a common prefix): batches start small after each
  // jump and double while they yield keys, so folding a prefix never reads the keys inside it.
  let batch = r.delimiter ? SMALL_BATCH : BATCH;
  for (;;) {
    const rows = await objects.scanKeys(r.bucket, from, exclusive, upper, Math.min(batch, r.maxKeys - contents.length - commonPrefixes.length + 1));
    if (rows.length === 0) return { contents, commonPrefixes, truncated: false, last };
    let jumped = false;
    for (const row of rows) {
      const cp = commonPrefixOf(row.key, r.prefix, r.delimiter);
      // A prefix at or before the resume point was returned on an earlier page.
      const seen = cp !== undefined && r.after !== '' && compareKeys(cp, r.after) <= 0;
      if (!seen && contents.length + commonPrefixes.length >= r.maxKeys) return { contents, commonPrefixes, truncated: true, last };
      if (cp !== undefined) {
        if (!seen) {
          commonPrefixes.push(cp);
          last = cp;
        }
        const next = prefixSuccessor(cp);
        if (next === undefined) return { contents, commonPrefixes, truncated: false, last };
        from = next;
        exclusive = false;
        jumped = true;
        break;
      }
      contents.push(row);
      last = row.key;
    }
    if (!jumped) {
      from = rows[rows.length - 1]!.key;
      exclusive = true;
      batch = Math.min(BATCH, batch * 2);
    } else if (r.delimiter) batch = SMALL_BATCH;
  }
}

/**
 * S3's url encoding of keys in listings (EncodingType=url): UTF-8 percent-encoding of everything but the
 * unreserved characters and `/` (a space is `%20`, `+` is `%2B`; `a b+/c` lists as `a%20b%2B/c`).
 */
export const urlEncodeKey = (k: string) =>
  encodeURIComponent(k)
    .replace(/%2F/g, '/')
    .replace(/[!'()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase());
