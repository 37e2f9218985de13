import { s3Time, XmlBytes, type XmlChildren } from '../../../protocol/restxml/encode.js';
import { escapeXml } from '../../../protocol/xml.js';
import { S3Errors } from '../errors.js';
import { defineS3Operation } from '../operation.js';
import { loadBucket, s3Check } from '../resources.js';
import { listVersions } from '../versionListing.js';
import { encoder, etagElement, listContext, pageCapacity, parseEncodingType, parseMaxKeys, writeCommonPrefixes } from './listCommon.js';
import { ownerElement } from '../owner.js';

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
    const doc = new XmlBytes('ListVersionsResult', pageCapacity(page.versions.length + page.commonPrefixes.length)).children(body);
    // Each entry written in one template (a page holds up to 1,000), in the model's member order.
    for (const v of page.versions) {
      const head = `<Key>${escapeXml(enc(v.key))}</Key><VersionId>${escapeXml(v.version_id)}</VersionId><IsLatest>${v.is_latest}</IsLatest><LastModified>${s3Time(v.last_modified)}</LastModified>`;
      if (v.delete_marker) {
        doc.raw(`<DeleteMarker>${head}${ownerElement(v.owner_account)}</DeleteMarker>`);
        continue;
      }
      const checksum = v.checksum_algorithm ? `<ChecksumAlgorithm>${escapeXml(v.checksum_algorithm)}</ChecksumAlgorithm>` : '';
      doc.raw(`<Version>${head}${etagElement(v.etag)}${checksum}<Size>${v.size}</Size><StorageClass>STANDARD</StorageClass>${ownerElement(v.owner_account)}</Version>`);
    }
    const tail: XmlChildren = [
      ['Name', input.bucket],
      ['Prefix', enc(input.prefix)],
    ];
    if (input.delimiter) tail.push(['Delimiter', enc(input.delimiter)]);
    tail.push(['MaxKeys', input.maxKeys]);
    doc.children(tail);
    writeCommonPrefixes(doc, page.commonPrefixes, enc);
    if (input.encoding) doc.raw('<EncodingType>url</EncodingType>');
    return { xml: doc.end() };
  },
});

