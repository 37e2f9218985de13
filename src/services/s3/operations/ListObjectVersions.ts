import { s3Time, xmlDocument, type XmlChildren } from '../../../protocol/restxml/encode.js';
import { S3Errors } from '../errors.js';
import { quoted } from '../objects.js';
import { defineS3Operation } from '../operation.js';
import { ownerXml } from '../owner.js';
import { loadBucket, s3Check } from '../resources.js';
import { listVersions } from '../versionListing.js';
import { encoder, listContext, parseEncodingType, parseMaxKeys } from './listCommon.js';

/**
 * GET /bucket?versions (s3:ListBucketVersions with s3:prefix, s3:delimiter, s3:max-keys): versions and
 * delete markers in key order, newest first within a key, with IsLatest; resumed at key-marker /
 * version-id-marker.
 */
export const ListObjectVersions = defineS3Operation({
  name: 'ListObjectVersions',
  route: { method: 'GET', target: 'bucket', query: ['versions'] },
  decode(req) {
    const q = req.query;
    const keyMarker = q.get('key-marker') ?? '';
    const versionIdMarker = q.get('version-id-marker') ?? '';
    if (versionIdMarker && !keyMarker) {
      throw S3Errors.invalidArgument('A version-id marker cannot be specified without a key marker.', 'version-id-marker', versionIdMarker);
    }
    return {
      bucket: req.bucket,
      prefix: q.get('prefix') ?? '',
      delimiter: q.get('delimiter') ?? '',
      maxKeys: parseMaxKeys(q.get('max-keys')),
      keyMarker,
      versionIdMarker,
      encoding: parseEncodingType(q.get('encoding-type')),
      listContext: listContext(q),
    };
  },
  prepare: (input, ctx) => loadBucket(ctx, input.bucket),
  checks: (input, _ctx, b) => [s3Check('s3:ListBucketVersions', b, undefined, { context: input.listContext })],
  async handle(input, ctx) {
    const page = await listVersions(ctx.deps.store.repos.objects, input);
    const enc = encoder(input.encoding);
    const body: XmlChildren = [
      ['IsTruncated', page.truncated],
      ['KeyMarker', enc(input.keyMarker)],
      ['VersionIdMarker', input.versionIdMarker],
    ];
    if (page.truncated && page.next) {
      body.push(['NextKeyMarker', enc(page.next.key)]);
      if (page.next.versionId !== undefined) body.push(['NextVersionIdMarker', page.next.versionId]);
    }
    for (const v of page.versions) {
      const head: XmlChildren = [
        ['Key', enc(v.key)],
        ['VersionId', v.version_id],
        ['IsLatest', v.is_latest],
        ['LastModified', s3Time(v.last_modified)],
      ];
      if (v.delete_marker) {
        out(body, 'DeleteMarker', [...head, ['Owner', ownerXml(v.owner_account)]]);
        continue;
      }
      const c: XmlChildren = [...head, ['ETag', quoted(v.etag)]];
      if (v.checksum_algorithm) c.push(['ChecksumAlgorithm', v.checksum_algorithm]);
      c.push(['Size', v.size], ['StorageClass', 'STANDARD'], ['Owner', ownerXml(v.owner_account)]);
      out(body, 'Version', c);
    }
    body.push(['Name', input.bucket], ['Prefix', enc(input.prefix)]);
    if (input.delimiter) body.push(['Delimiter', enc(input.delimiter)]);
    body.push(['MaxKeys', input.maxKeys]);
    for (const p of page.commonPrefixes) body.push(['CommonPrefixes', [['Prefix', enc(p)]]]);
    if (input.encoding) body.push(['EncodingType', 'url']);
    return { xml: xmlDocument('ListVersionsResult', body) };
  },
});

const out = (body: XmlChildren, name: string, c: XmlChildren) => body.push([name, c]);
