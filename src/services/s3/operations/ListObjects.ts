import { loadBucket } from '../resources.js';
import { XmlBytes, type XmlChildren } from '../../../protocol/restxml/encode.js';
import { listKeys } from '../listing.js';
import { defineS3Operation } from '../operation.js';
import { encoder, listCheck, listContext, pageCapacity, parseEncodingType, parseMaxKeys, writePage } from './listCommon.js';

/**
 * GET /bucket (version 1: Marker, NextMarker only with a delimiter; owners always included). With
 * EncodingType=url, version 1 encodes Delimiter, Marker, NextMarker, Key and CommonPrefixes, never the
 * echoed Prefix (SDKs decode exactly those).
 */
export const ListObjects = defineS3Operation({
  name: 'ListObjects',
  route: { method: 'GET', target: 'bucket' },
  decode(req) {
    const q = req.query;
    return {
      bucket: req.bucket,
      prefix: q.get('prefix') ?? '',
      delimiter: q.get('delimiter') ?? '',
      maxKeys: parseMaxKeys(q.get('max-keys')),
      marker: q.get('marker') ?? '',
      after: q.get('marker') ?? '',
      encoding: parseEncodingType(q.get('encoding-type')),
      listContext: listContext(q),
    };
  },
  prepare: (input, ctx) => loadBucket(ctx, input.bucket),
  checks: (input, _ctx, b) => [listCheck(b, input)],
  async handle(input, ctx) {
    const page = await listKeys(ctx.deps.store.repos.objects, input);
    const enc = encoder(input.encoding);
    const body: XmlChildren = [
      ['Name', input.bucket],
      ['Prefix', input.prefix],
      ['Marker', enc(input.marker)],
      ['MaxKeys', input.maxKeys],
    ];
    if (input.delimiter) body.push(['Delimiter', enc(input.delimiter)]);
    if (input.encoding) body.push(['EncodingType', 'url']);
    body.push(['IsTruncated', page.truncated]);
    if (page.truncated && input.delimiter && page.last !== undefined) body.push(['NextMarker', enc(page.last)]);
    const doc = new XmlBytes('ListBucketResult', pageCapacity(page.contents.length + page.commonPrefixes.length)).children(body);
    writePage(doc, page, enc, true);
    return { xml: doc.end() };
  },
});
