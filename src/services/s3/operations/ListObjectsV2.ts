import { s3Time, xmlDocument, type XmlChildren } from '../../../protocol/restxml/encode.js';
import { S3Errors } from '../errors.js';
import { listKeys } from '../listing.js';
import { quoted } from '../objects.js';
import { defineS3Operation } from '../operation.js';
import { ownerXml } from '../owner.js';
import { loadBucket, s3Check } from '../resources.js';
import { encoder, listContext, parseEncodingType, parseMaxKeys } from './listCommon.js';

const encodeToken = (key: string) => Buffer.from(key, 'utf8').toString('base64url');

function decodeToken(t: string): string {
  const k = Buffer.from(t, 'base64url').toString('utf8');
  if (t === '' || encodeToken(k) !== t) throw S3Errors.invalidArgument('The continuation token provided is incorrect', 'continuation-token', t);
  return k;
}

/** GET /bucket?list-type=2 (s3:ListBucket with s3:prefix, s3:delimiter, s3:max-keys). */
export const ListObjectsV2 = defineS3Operation({
  name: 'ListObjectsV2',
  decode(req) {
    const q = req.query;
    const token = q.get('continuation-token');
    return {
      bucket: req.bucket!,
      prefix: q.get('prefix') ?? '',
      delimiter: q.get('delimiter') ?? '',
      maxKeys: parseMaxKeys(q.get('max-keys')),
      startAfter: q.get('start-after') ?? '',
      token,
      after: token !== null ? decodeToken(token) : (q.get('start-after') ?? ''),
      encoding: parseEncodingType(q.get('encoding-type')),
      fetchOwner: q.get('fetch-owner') === 'true',
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
    ];
    if (input.startAfter) body.push(['StartAfter', enc(input.startAfter)]);
    if (input.token !== null) body.push(['ContinuationToken', input.token]);
    body.push(['KeyCount', page.contents.length + page.commonPrefixes.length], ['MaxKeys', input.maxKeys]);
    if (input.delimiter) body.push(['Delimiter', enc(input.delimiter)]);
    if (input.encoding) body.push(['EncodingType', 'url']);
    body.push(['IsTruncated', page.truncated]);
    if (page.truncated && page.last !== undefined) body.push(['NextContinuationToken', encodeToken(page.last)]);
    for (const o of page.contents) {
      const c: XmlChildren = [
        ['Key', enc(o.key)],
        ['LastModified', s3Time(o.last_modified)],
        ['ETag', quoted(o.etag)],
      ];
      if (o.checksum_algorithm) c.push(['ChecksumAlgorithm', o.checksum_algorithm]);
      c.push(['Size', o.size], ['StorageClass', 'STANDARD']);
      if (input.fetchOwner) c.push(['Owner', ownerXml(o.owner_account)]);
      body.push(['Contents', c]);
    }
    for (const p of page.commonPrefixes) body.push(['CommonPrefixes', [['Prefix', enc(p)]]]);
    return { xml: xmlDocument('ListBucketResult', body) };
  },
});
