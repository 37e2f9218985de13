import { s3Time, xmlDocument, type XmlChildren } from '../../../protocol/restxml/encode.js';
import { S3Errors } from '../errors.js';
import { loadUpload } from '../multipart.js';
import { quoted } from '../objects.js';
import { defineS3Operation } from '../operation.js';
import { ownerXml } from '../owner.js';
import { loadBucket, s3Check } from '../resources.js';

/** GET /bucket/key?uploadId=X (s3:ListMultipartUploadParts). */
export const ListParts = defineS3Operation({
  name: 'ListParts',
  route: { method: 'GET', target: 'object', query: ['uploadId'] },
  decode(req) {
    const q = req.query;
    const max = q.get('max-parts') ?? '1000';
    const marker = q.get('part-number-marker') ?? '0';
    if (!/^\d+$/.test(max)) throw S3Errors.invalidArgument('Provided max-parts not an integer or within integer range', 'max-parts', max);
    if (!/^\d+$/.test(marker)) throw S3Errors.invalidArgument('Provided part-number-marker not an integer or within integer range', 'part-number-marker', marker);
    return { bucket: req.bucket, key: req.key, uploadId: q.get('uploadId')!, maxParts: Math.min(1000, Number(max)), marker: Number(marker) };
  },
  prepare: (input, ctx) => loadBucket(ctx, input.bucket),
  checks: (input, _ctx, b) => [s3Check('s3:ListMultipartUploadParts', b, input.key)],
  async handle(input, ctx) {
    const up = await loadUpload(ctx, input.bucket, input.key, input.uploadId);
    const rows = await ctx.deps.store.repos.uploads.listParts(input.uploadId, input.marker, input.maxParts + 1);
    const truncated = rows.length > input.maxParts;
    const page = rows.slice(0, input.maxParts);
    const body: XmlChildren = [
      ['Bucket', input.bucket],
      ['Key', input.key],
      ['UploadId', input.uploadId],
      ['Initiator', [['ID', up.initiator_arn], ['DisplayName', up.initiator_arn]]],
      ['Owner', ownerXml(up.owner_account)],
      ['StorageClass', 'STANDARD'],
      ['PartNumberMarker', input.marker],
      ['NextPartNumberMarker', page.length ? page[page.length - 1]!.part_number : 0],
      ['MaxParts', input.maxParts],
      ['IsTruncated', truncated],
    ];
    if (up.checksum_algorithm) body.push(['ChecksumAlgorithm', up.checksum_algorithm]);
    if (up.checksum_type) body.push(['ChecksumType', up.checksum_type]);
    for (const p of page) {
      const c: XmlChildren = [
        ['PartNumber', p.part_number],
        ['LastModified', s3Time(p.last_modified)],
        ['ETag', quoted(p.etag)],
        ['Size', p.size],
      ];
      if (up.checksum_algorithm && p.checksum_value) c.push([`Checksum${up.checksum_algorithm}`, p.checksum_value]);
      body.push(['Part', c]);
    }
    return { xml: xmlDocument('ListPartsResult', body) };
  },
});
