import { httpDate, xmlDocument, type XmlChildren } from '../../../protocol/restxml/encode.js';
import type { ChecksumAlgorithm } from '../checksums.js';
import { S3Errors } from '../errors.js';
import { parseBlobs } from '../objects.js';
import { defineS3Operation } from '../operation.js';
import { s3Check } from '../resources.js';
import { loadVersion } from '../versionTarget.js';
import { deletedKey, markerNotReadable, parseVersionId, versionCheck, versionHeader } from '../versions.js';

const ATTRIBUTES = ['ETag', 'Checksum', 'ObjectParts', 'StorageClass', 'ObjectSize'] as const;
type Attribute = (typeof ATTRIBUTES)[number];

function parseAttributes(v: string | undefined): Set<Attribute> {
  const names = (v ?? '').split(',').map((s) => s.trim()).filter((s) => s !== '');
  if (names.length === 0) throw S3Errors.invalidRequest('The x-amz-object-attributes header specifying the attributes to be retrieved is either missing or empty');
  for (const n of names) if (!(ATTRIBUTES as readonly string[]).includes(n)) throw S3Errors.invalidArgument('Invalid attribute name specified.', 'x-amz-object-attributes', n);
  return new Set(names as Attribute[]);
}

function parseCount(v: string | undefined, name: string, fallback: number): number {
  if (v === undefined || v === '') return fallback;
  if (!/^\d+$/.test(v) || Number(v) > 2147483647) throw S3Errors.invalidArgument(`Provided ${name} not an integer or within integer range`, name, v);
  return Number(v);
}

/** A multipart object's parts as stored with it: size and, when uploaded with one, the part's checksum. */
type StoredPart = { id: string; size: number; checksum?: string };

/**
 * GET /bucket/key?attributes (s3:GetObject and s3:GetObjectAttributes): the attributes named in
 * x-amz-object-attributes, ObjectParts of a multipart object paged by x-amz-max-parts and
 * x-amz-part-number-marker. With ?versionId= the version's (s3:GetObjectVersion and
 * s3:GetObjectVersionAttributes); a delete marker is 404 (latest) or 405 (named), as on GetObject.
 */
export const GetObjectAttributes = defineS3Operation({
  name: 'GetObjectAttributes',
  route: { method: 'GET', target: 'object', query: ['attributes'] },
  decode(req) {
    return {
      bucket: req.bucket,
      key: req.key,
      versionId: parseVersionId(req.query.get('versionId'), req),
      attributes: parseAttributes(req.header('x-amz-object-attributes')),
      maxParts: Math.min(1000, parseCount(req.header('x-amz-max-parts'), 'x-amz-max-parts', 1000)),
      partNumberMarker: parseCount(req.header('x-amz-part-number-marker'), 'x-amz-part-number-marker', 0),
    };
  },
  prepare: (input, ctx) => loadVersion(ctx, input.bucket, input.key, input.versionId),
  checks: (input, _ctx, { bucket: b }) => [
    versionCheck('s3:GetObject', 's3:GetObjectVersion', b, input.key, input.versionId),
    versionCheck('s3:GetObjectAttributes', 's3:GetObjectVersionAttributes', b, input.key, input.versionId),
  ],
  probes: (_input, _ctx, { bucket: b }) => ({ list: s3Check('s3:ListBucket', b, undefined) }),
  async handle(input, ctx, { bucket: b, found }) {
    if (!found) {
      if (!ctx.allowed('list')) throw S3Errors.noSuchKeyOrDenied();
      throw input.versionId === undefined ? S3Errors.noSuchKey(input.key) : S3Errors.noSuchVersion(input.key, input.versionId);
    }
    const o = found.row;
    if (o.delete_marker) throw input.versionId === undefined ? deletedKey(b, input.key, o) : markerNotReadable(b, 'GET', o);
    const want = input.attributes;
    const algorithm = o.checksum_algorithm as ChecksumAlgorithm | null;
    const body: XmlChildren = [];
    if (want.has('ETag')) body.push(['ETag', o.etag]);
    if (want.has('Checksum') && algorithm && o.checksum_value) {
      body.push(['Checksum', [[`Checksum${algorithm}`, o.checksum_value], ['ChecksumType', o.checksum_value.includes('-') ? 'COMPOSITE' : 'FULL_OBJECT']]]);
    }
    if (want.has('ObjectParts') && o.parts_count) {
      const parts = parseBlobs(o) as StoredPart[];
      const page = parts.map((p, i) => ({ ...p, n: i + 1 })).filter((p) => p.n > input.partNumberMarker).slice(0, input.maxParts);
      const truncated = page.length > 0 && page[page.length - 1]!.n < parts.length;
      const op: XmlChildren = [['PartsCount', o.parts_count], ['PartNumberMarker', input.partNumberMarker]];
      if (page.length > 0) op.push(['NextPartNumberMarker', page[page.length - 1]!.n]);
      op.push(['MaxParts', input.maxParts], ['IsTruncated', truncated]);
      for (const p of page) {
        const part: XmlChildren = [['PartNumber', p.n], ['Size', p.size]];
        if (algorithm && p.checksum) part.push([`Checksum${algorithm}`, p.checksum]);
        op.push(['Part', part]);
      }
      body.push(['ObjectParts', op]);
    }
    if (want.has('StorageClass')) body.push(['StorageClass', 'STANDARD']);
    if (want.has('ObjectSize')) body.push(['ObjectSize', Number(o.size)]);
    return { headers: { 'last-modified': httpDate(o.last_modified), ...versionHeader(b, o.version_id) }, xml: xmlDocument('GetObjectAttributesResponse', body) };
  },
});
