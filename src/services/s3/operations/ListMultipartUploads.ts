import { s3Time, xmlDocument, type XmlChildren } from '../../../protocol/restxml/encode.js';
import { listUploads } from '../../../store/repos/s3Uploads.js';
import { S3Errors } from '../errors.js';
import { defineS3Operation } from '../operation.js';
import { ownerXml } from '../owner.js';
import { loadBucket, s3Check } from '../resources.js';
import { encoder, parseEncodingType } from './listCommon.js';

/** GET /bucket?uploads (s3:ListBucketMultipartUploads). */
export const ListMultipartUploads = defineS3Operation({
  name: 'ListMultipartUploads',
  decode(req) {
    const q = req.query;
    const max = q.get('max-uploads') ?? '1000';
    if (!/^\d+$/.test(max)) throw S3Errors.invalidArgument('Provided max-uploads not an integer or within integer range', 'max-uploads', max);
    if (q.get('delimiter')) throw S3Errors.notImplemented('ListMultipartUploads with a delimiter is not implemented');
    return {
      bucket: req.bucket!,
      prefix: q.get('prefix') ?? '',
      keyMarker: q.get('key-marker') ?? '',
      uploadIdMarker: q.get('upload-id-marker') ?? '',
      maxUploads: Math.min(1000, Number(max)),
      encoding: parseEncodingType(q.get('encoding-type')),
    };
  },
  async authorize(input, ctx) {
    const b = await loadBucket(ctx, input.bucket);
    return { checks: [s3Check('s3:ListBucketMultipartUploads', b, undefined)] };
  },
  async handle(input, ctx) {
    const rows = (await listUploads(ctx.deps.store.db, input.bucket, input.prefix, input.keyMarker, input.uploadIdMarker, input.maxUploads + 1)).filter(
      (u) => u.key.startsWith(input.prefix),
    );
    const truncated = rows.length > input.maxUploads;
    const page = rows.slice(0, input.maxUploads);
    const enc = encoder(input.encoding);
    const last = page[page.length - 1];
    const body: XmlChildren = [
      ['Bucket', input.bucket],
      ['KeyMarker', enc(input.keyMarker)],
      ['UploadIdMarker', input.uploadIdMarker],
      ['NextKeyMarker', last ? enc(last.key) : undefined],
      ['NextUploadIdMarker', last?.upload_id],
      ['Prefix', enc(input.prefix)],
      ['MaxUploads', input.maxUploads],
      ['IsTruncated', truncated],
    ];
    if (input.encoding) body.push(['EncodingType', 'url']);
    for (const u of page) {
      body.push([
        'Upload',
        [
          ['Key', enc(u.key)],
          ['UploadId', u.upload_id],
          ['Initiator', [['ID', u.initiator_arn], ['DisplayName', u.initiator_arn]]],
          ['Owner', ownerXml(u.owner_account)],
          ['StorageClass', 'STANDARD'],
          ['Initiated', s3Time(u.initiated)],
          ['ChecksumAlgorithm', u.checksum_algorithm ?? undefined],
        ],
      ]);
    }
    return { xml: xmlDocument('ListMultipartUploadsResult', body) };
  },
});
