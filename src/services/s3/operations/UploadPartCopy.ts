import { s3Time, xmlDocument } from '../../../protocol/restxml/encode.js';
import { type ChecksumAlgorithm } from '../checksums.js';
import { copyChecks, loadCopyBuckets, copySourceBytes } from '../copySource.js';
import { S3Errors } from '../errors.js';
import { loadUpload, parsePartNumber } from '../multipart.js';
import { quoted } from '../objects.js';
import { defineS3Operation } from '../operation.js';
import { copySourceCustomerKey, partCustomerKey, storedEncryption } from '../sse.js';
import { parseCopySource, sourceConditions } from './CopyObject.js';

/** x-amz-copy-source-range: bytes=first-last, both given, within the source. */
function parseCopyRange(v: string | undefined, size: number): { start: number; end: number } | undefined {
  if (v === undefined) return undefined;
  const m = /^bytes=(\d+)-(\d+)$/.exec(v.trim());
  if (!m) throw S3Errors.invalidArgument('The x-amz-copy-source-range value must be of the form bytes=first-last where first and last are the zero-based offsets of the first and last bytes to copy', 'x-amz-copy-source-range', v);
  const start = Number(m[1]);
  const end = Number(m[2]);
  if (end < start || end >= size) throw S3Errors.invalidRange(size, v);
  return { start, end };
}

/**
 * PUT /bucket/key?partNumber=N&uploadId=X with x-amz-copy-source (what `aws s3 cp s3://… s3://…` sends
 * for large objects): s3:GetObject on the source and s3:PutObject on the target; the range is copied into
 * the part's own blob.
 */
export const UploadPartCopy = defineS3Operation({
  name: 'UploadPartCopy',
  route: { method: 'PUT', target: 'object', anyQuery: ['uploadId', 'partNumber'], headers: ['x-amz-copy-source'] },
  decode(req) {
    const customer = partCustomerKey(req);
    const sourceKey = copySourceCustomerKey(req);
    const uploadId = req.query.get('uploadId');
    if (!uploadId) throw S3Errors.invalidArgument('This operation needs uploadId', 'uploadId', '');
    return {
      bucket: req.bucket,
      key: req.key,
      uploadId,
      partNumber: parsePartNumber(req.query.get('partNumber')),
      source: parseCopySource(req.header('x-amz-copy-source')!, req),
      range: req.header('x-amz-copy-source-range'),
      conditions: sourceConditions(req.header),
      customer,
      sourceKey,
    };
  },
  prepare: (input, ctx) => loadCopyBuckets(ctx, input),
  checks: (input, _ctx, buckets) => copyChecks(input, buckets),
  async handle(input, ctx) {
    const up = await loadUpload(ctx, input.bucket, input.key, input.uploadId);
    const algorithm = (up.checksum_algorithm as ChecksumAlgorithm | null) ?? undefined;
    const enc = storedEncryption(ctx.deps.keyring, up.headers, input.customer, 'part');
    const { written, etag, checksum } = await copySourceBytes(ctx, input.source, input.conditions, {
      range: (size) => parseCopyRange(input.range, size) ?? { start: 0, end: size - 1 },
      algorithm: () => algorithm,
      keys: enc.keys,
      sourceKey: input.sourceKey,
    });
    const now = ctx.deps.clock.now();
    const r = await ctx.deps.store.repos.uploads.putPart({
      upload_id: input.uploadId,
      part_number: input.partNumber,
      blob_id: written.id,
      size: written.size,
      etag,
      last_modified: now,
      checksum_value: checksum,
    }).catch(async (e) => {
      await ctx.blobs.remove([written.id]);
      throw e;
    });
    if (r === 'no-upload') {
      await ctx.blobs.remove([written.id]);
      throw S3Errors.noSuchUpload(input.uploadId);
    }
    if (r) await ctx.blobs.remove([r.blob_id]);
    const body: Array<[string, string]> = [
      ['LastModified', s3Time(now)],
      ['ETag', quoted(etag)],
    ];
    if (algorithm && checksum) body.push([`Checksum${algorithm}`, checksum]);
    return { xml: xmlDocument('CopyPartResult', body), headers: enc.headers };
  },
});
