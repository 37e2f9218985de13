import { checksumHeader, type ChecksumAlgorithm } from '../checksums.js';
import { S3Errors } from '../errors.js';
import { loadUpload, parsePartNumber } from '../multipart.js';
import { quoted } from '../objects.js';
import { defineS3Operation } from '../operation.js';
import { loadBucket, s3Check } from '../resources.js';
import { partCustomerKey, storedEncryption } from '../sse.js';
import { storeBody } from '../store.js';

/** PUT /bucket/key?partNumber=N&uploadId=X (s3:PutObject): the part streams to its own blob. */
export const UploadPart = defineS3Operation({
  name: 'UploadPart',
  route: { method: 'PUT', target: 'object', anyQuery: ['uploadId', 'partNumber'] },
  decode(req) {
    const customer = partCustomerKey(req);
    const uploadId = req.query.get('uploadId');
    if (!uploadId) throw S3Errors.invalidArgument('This operation needs uploadId', 'uploadId', '');
    return { bucket: req.bucket, key: req.key, uploadId, partNumber: parsePartNumber(req.query.get('partNumber')), customer };
  },
  prepare: (input, ctx) => loadBucket(ctx, input.bucket),
  checks: (input, _ctx, b) => [s3Check('s3:PutObject', b, input.key)],
  async handle(input, ctx) {
    const up = await loadUpload(ctx, input.bucket, input.key, input.uploadId);
    const algorithm = (up.checksum_algorithm as ChecksumAlgorithm | null) ?? undefined;
    await ctx.space.admit(ctx.request.body.declaredLength() ?? 0);
    const enc = storedEncryption(ctx.deps.keyring, up.headers, input.customer, 'part');
    const body = await storeBody(ctx.blobs, ctx.request.body, algorithm, enc.keys);
    const r = await ctx.deps.store.repos.uploads.putPart({
      upload_id: input.uploadId,
      part_number: input.partNumber,
      blob_id: body.blobId,
      size: body.size,
      etag: body.etag,
      last_modified: ctx.deps.clock.now(),
      checksum_value: body.checksum?.value ?? null,
    }).catch(async (e) => {
      await ctx.blobs.remove([body.blobId]);
      throw e;
    });
    if (r === 'no-upload') {
      await ctx.blobs.remove([body.blobId]);
      throw S3Errors.noSuchUpload(input.uploadId);
    }
    if (r) await ctx.blobs.remove([r.blob_id]);
    const headers: Record<string, string> = { ETag: quoted(body.etag), ...enc.headers };
    if (body.checksum) headers[checksumHeader(body.checksum.algorithm)] = body.checksum.value;
    return { headers };
  },
});
