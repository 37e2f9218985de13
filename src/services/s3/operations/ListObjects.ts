import { s3Time, xmlDocument, type XmlChildren } from '../../../protocol/restxml/encode.js';
import { listKeys } from '../listing.js';
import { quoted } from '../objects.js';
import { defineS3Operation } from '../operation.js';
import { ownerXml } from '../owner.js';
import { loadBucket, s3Check } from '../resources.js';
import { encoder, listContext, parseEncodingType, parseMaxKeys } from './listCommon.js';

/** GET /bucket (version 1: Marker, NextMarker only with a delimiter; owners always included). */
export const ListObjects = defineS3Operation({
  name: 'ListObjects',
  decode(req) {
    const q = req.query;
    return {
      bucket: req.bucket!,
      prefix: q.get('prefix') ?? '',
      delimiter: q.get('delimiter') ?? '',
      maxKeys: parseMaxKeys(q.get('max-keys')),
      marker: q.get('marker') ?? '',
      after: q.get('marker') ?? '',
      encoding: parseEncodingType(q.get('encoding-type')),
    };
  },
  async authorize(input, ctx) {
    const b = await loadBucket(ctx, input.bucket);
    return { checks: [s3Check('s3:ListBucket', b, undefined, { context: listContext(input.prefix, input.delimiter, input.maxKeys) })] };
  },
  async handle(input, ctx) {
    const page = await listKeys(ctx.deps.store.db, input);
    const enc = encoder(input.encoding);
    const body: XmlChildren = [
      ['Name', input.bucket],
      ['Prefix', enc(input.prefix)],
      ['Marker', enc(input.marker)],
      ['MaxKeys', input.maxKeys],
    ];
    if (input.delimiter) body.push(['Delimiter', enc(input.delimiter)]);
    if (input.encoding) body.push(['EncodingType', 'url']);
    body.push(['IsTruncated', page.truncated]);
    if (page.truncated && input.delimiter && page.last !== undefined) body.push(['NextMarker', enc(page.last)]);
    for (const o of page.contents) {
      const c: XmlChildren = [
        ['Key', enc(o.key)],
        ['LastModified', s3Time(o.last_modified)],
        ['ETag', quoted(o.etag)],
      ];
      if (o.checksum_algorithm) c.push(['ChecksumAlgorithm', o.checksum_algorithm]);
      c.push(['Size', o.size], ['Owner', ownerXml(o.owner_account)], ['StorageClass', 'STANDARD']);
      body.push(['Contents', c]);
    }
    for (const p of page.commonPrefixes) body.push(['CommonPrefixes', [['Prefix', enc(p)]]]);
    return { xml: xmlDocument('ListBucketResult', body) };
  },
});
