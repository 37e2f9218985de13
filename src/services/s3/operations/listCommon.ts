import { s3Time, type XmlChildren } from '../../../protocol/restxml/encode.js';
import { S3Errors } from '../errors.js';
import { urlEncodeKey, type ListPage } from '../listing.js';
import { quoted } from '../objects.js';
import type { AuthzCheck } from '../../operation.js';
import type { S3BucketsTable } from '../operation.js';
import { ownerXml } from '../owner.js';
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

/** The S3 condition keys a listing is authorized with. */
export function listContext(prefix: string, delimiter: string, maxKeys: number) {
  return { 's3:prefix': prefix, 's3:delimiter': delimiter, 's3:max-keys': String(maxKeys) } as Record<string, string>;
}

/** Both listings' one check: s3:ListBucket on the bucket, with the listing's condition keys. */
export const listCheck = (b: S3BucketsTable, input: { prefix: string; delimiter: string; maxKeys: number }): AuthzCheck =>
  s3Check('s3:ListBucket', b, undefined, { context: listContext(input.prefix, input.delimiter, input.maxKeys) });

/** The <Contents> and <CommonPrefixes> of a listing page, in AWS's model order. */
export function pageXml(
  page: ListPage,
  enc: (s: string) => string,
  withOwner: boolean,
): XmlChildren {
  const out: XmlChildren = [];
  for (const o of page.contents) {
    const c: XmlChildren = [
      ['Key', enc(o.key)],
      ['LastModified', s3Time(o.last_modified)],
      ['ETag', quoted(o.etag)],
    ];
    if (o.checksum_algorithm) c.push(['ChecksumAlgorithm', o.checksum_algorithm]);
    c.push(['Size', o.size], ['StorageClass', 'STANDARD']);
    if (withOwner) c.push(['Owner', ownerXml(o.owner_account)]);
    out.push(['Contents', c]);
  }
  for (const p of page.commonPrefixes) out.push(['CommonPrefixes', [['Prefix', enc(p)]]]);
  return out;
}
