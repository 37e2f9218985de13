import { s3Time, type XmlBytes } from '../../../protocol/restxml/encode.js';
import { escapeXml } from '../../../protocol/xml.js';
import { S3Errors } from '../errors.js';
import { urlEncodeKey, type ListPage } from '../listing.js';
import type { AuthzCheck } from '../../operation.js';
import type { S3BucketsTable } from '../operation.js';
import { ownerElement } from '../owner.js';
import { s3Check } from '../resources.js';

export function parseMaxKeys(v: string | null): number {
  if (v === null || v === '') return 1000;
  if (!/^\d+$/.test(v)) throw S3Errors.invalidArgument('Provided max-keys not an integer or within integer range', 'max-keys', v);
  return Math.min(1000, Number(v));
}

export function parseEncodingType(v: string | null): 'url' | undefined {
  if (v === null) return undefined;
  if (v.toLowerCase() !== 'url') throw S3Errors.invalidArgument('Invalid Encoding Method specified in Request', 'encoding-type', v);
  return 'url';
}

export const encoder = (encoding: 'url' | undefined) => (s: string) => (encoding === 'url' ? urlEncodeKey(s) : s);

/**
 * The S3 condition keys a listing is authorized with: s3:prefix, s3:delimiter and s3:max-keys each present
 * only when the request sends that parameter (as sent; "" when sent empty), as AWS builds the request
 * context, so that ...IfExists and ForAllValues conditions see a key the request did not send as absent.
 */
export function listContext(query: URLSearchParams): Record<string, string> {
  const context: Record<string, string> = {};
  for (const name of ['prefix', 'delimiter', 'max-keys']) {
    const v = query.get(name);
    if (v !== null) context[`s3:${name}`] = v;
  }
  return context;
}

/** Both listings' one check: s3:ListBucket on the bucket, with the listing's condition keys (listContext). */
export const listCheck = (b: S3BucketsTable, input: { listContext: Record<string, string> }): AuthzCheck =>
  s3Check('s3:ListBucket', b, undefined, { context: input.listContext });

/** A listing page's expected size in bytes: entries of ASCII keys up to ~100 characters fit without growing. */
export const pageCapacity = (entries: number) => 2048 + entries * 512;

/**
 * The <Contents> and <CommonPrefixes> of a listing page, in AWS's model order: each entry written in one
 * template (a page holds up to 1,000), as ListObjectVersions' are.
 */
export function writePage(doc: XmlBytes, page: ListPage, enc: (s: string) => string, withOwner: boolean): void {
  for (const o of page.contents) {
    const checksum = o.checksum_algorithm ? `<ChecksumAlgorithm>${escapeXml(o.checksum_algorithm)}</ChecksumAlgorithm>` : '';
    const owner = withOwner ? ownerElement(o.owner_account) : '';
    doc.raw(
      `<Contents><Key>${escapeXml(enc(o.key))}</Key><LastModified>${s3Time(o.last_modified)}</LastModified>${etagElement(o.etag)}${checksum}<Size>${o.size}</Size><StorageClass>STANDARD</StorageClass>${owner}</Contents>`,
    );
  }
  writeCommonPrefixes(doc, page.commonPrefixes, enc);
}

/** A listing's <CommonPrefixes> elements. */
export function writeCommonPrefixes(doc: XmlBytes, prefixes: string[], enc: (s: string) => string): void {
  for (const p of prefixes) doc.raw(`<CommonPrefixes><Prefix>${escapeXml(enc(p))}</Prefix></CommonPrefixes>`);
}

/** <ETag> with the quoted entity tag (the quotes escaped as escapeXml escapes them). */
export const etagElement = (etag: string) => `<ETag>&quot;${escapeXml(etag)}&quot;</ETag>`;
