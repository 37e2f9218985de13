import { s3Time, xmlDocument, type XmlChildren } from '../../../protocol/restxml/encode.js';
import type { S3UploadsTable } from '../../../store/schema-s3.js';
import { S3Errors } from '../errors.js';
import { compareKeys } from '../listing.js';
import { defineS3Operation } from '../operation.js';
import { ownerXml } from '../owner.js';
import { loadBucket, s3Check } from '../resources.js';
import { encoder, parseEncodingType } from './listCommon.js';

/** GET /bucket?uploads (s3:ListBucketMultipartUploads). */
export const ListMultipartUploads = defineS3Operation({
  name: 'ListMultipartUploads',
  route: { method: 'GET', target: 'bucket', query: ['uploads'] },
  decode(req) {
    const q = req.query;
    const max = q.get('max-uploads') ?? '1000';
    if (!/^\d+$/.test(max)) throw S3Errors.invalidArgument('Provided max-uploads not an integer or within integer range', 'max-uploads', max);
    return {
      bucket: req.bucket,
      prefix: q.get('prefix') ?? '',
      delimiter: q.get('delimiter') ?? '',
      keyMarker: q.get('key-marker') ?? '',
      uploadIdMarker: q.get('upload-id-marker') ?? '',
      maxUploads: Math.min(1000, Number(max)),
      encoding: parseEncodingType(q.get('encoding-type')),
    };
  },
  prepare: (input, ctx) => loadBucket(ctx, input.bucket),
  checks: (input, _ctx, b) => [s3Check('s3:ListBucketMultipartUploads', b, undefined)],
  async handle(input, ctx) {
    // Uploads in (key, upload id) order; with a delimiter, keys fold into common prefixes as in listings.
    const uploads: S3UploadsTable[] = [];
    const prefixes: string[] = [];
    let keyMarker = input.keyMarker;
    let idMarker = input.uploadIdMarker;
    let truncated = false;
    scan: for (;;) {
      const rows = await ctx.deps.store.repos.uploads.listInBucket(input.bucket, input.prefix, keyMarker, idMarker, 1000);
      if (rows.length === 0) break;
      for (const u of rows) {
        if (!u.key.startsWith(input.prefix)) {
          if (compareKeys(u.key, input.prefix) > 0) break scan;
          continue;
        }
        const i = input.delimiter ? u.key.indexOf(input.delimiter, input.prefix.length) : -1;
        const cp = i >= 0 ? u.key.slice(0, i + input.delimiter.length) : undefined;
        if (cp !== undefined && prefixes[prefixes.length - 1] === cp) continue;
        if (uploads.length + prefixes.length >= input.maxUploads) {
          truncated = true;
          break scan;
        }
        if (cp !== undefined) prefixes.push(cp);
        else uploads.push(u);
      }
      const last = rows[rows.length - 1]!;
      keyMarker = last.key;
      idMarker = last.upload_id;
      if (rows.length < 1000) break;
    }
    const page = uploads;
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
    if (input.delimiter) body.push(['Delimiter', enc(input.delimiter)]);
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
          ['ChecksumType', u.checksum_type ?? undefined],
        ],
      ]);
    }
    for (const p of prefixes) body.push(['CommonPrefixes', [['Prefix', enc(p)]]]);
    return { xml: xmlDocument('ListMultipartUploadsResult', body) };
  },
});
