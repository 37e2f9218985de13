import { loadBucket } from '../resources.js';
import { XmlBytes, type XmlChildren } from '../../../protocol/restxml/encode.js';
import { S3Errors } from '../errors.js';
import { listKeys } from '../listing.js';
import { defineS3Operation } from '../operation.js';
import { encoder, listCheck, listContext, pageCapacity, parseEncodingType, parseMaxKeys, writePage } from './listCommon.js';

const encodeToken = (key: string) => Buffer.from(key, 'utf8').toString('base64url');

function decodeToken(t: string): string {
  const k = Buffer.from(t, 'base64url').toString('utf8');
  if (t === '' || encodeToken(k) !== t) throw S3Errors.invalidArgument('The continuation token provided is incorrect', 'continuation-token', t);
  return k;
}

/** GET /bucket?list-type=2 (s3:ListBucket with s3:prefix, s3:delimiter, s3:max-keys). */
export const ListObjectsV2 = defineS3Operation({
  name: 'ListObjectsV2',
  route: { method: 'GET', target: 'bucket', queryValue: { 'list-type': '2' } },
  decode(req) {
    const q = req.query;
    const token = q.get('continuation-token');
    return {
      bucket: req.bucket,
      prefix: q.get('prefix') ?? '',
      delimiter: q.get('delimiter') ?? '',
      maxKeys: parseMaxKeys(q.get('max-keys')),
      startAfter: q.get('start-after') ?? '',
      token,
      // An empty token is no resume point (S3 lists from the start and echoes it).
      after: token !== null && token !== '' ? decodeToken(token) : (q.get('start-after') ?? ''),
      encoding: parseEncodingType(q.get('encoding-type')),
      listContext: listContext(q),
      fetchOwner: q.get('fetch-owner') === 'true',
    };
  },
  prepare: (input, ctx) => loadBucket(ctx, input.bucket),
  checks: (input, _ctx, b) => [listCheck(b, input)],
  async handle(input, ctx) {
    const page = await listKeys(ctx.deps.store.repos.objects, input);
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
    const doc = new XmlBytes('ListBucketResult', pageCapacity(page.contents.length + page.commonPrefixes.length)).children(body);
    writePage(doc, page, enc, input.fetchOwner);
    return { xml: doc.end() };
  },
});
