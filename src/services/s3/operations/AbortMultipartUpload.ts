import { S3Errors } from '../errors.js';
import { loadUpload } from '../multipart.js';
import { defineS3Operation } from '../operation.js';
import { loadBucket, s3Check } from '../resources.js';

/** DELETE /bucket/key?uploadId=X (s3:AbortMultipartUpload): the upload and its parts' blobs go. */
export const AbortMultipartUpload = defineS3Operation({
  name: 'AbortMultipartUpload',
  route: { method: 'DELETE', target: 'object', query: ['uploadId'] },
  decode: (req) => ({ bucket: req.bucket, key: req.key, uploadId: req.query.get('uploadId')! }),
  prepare: (input, ctx) => loadBucket(ctx, input.bucket),
  checks: (input, _ctx, b) => [s3Check('s3:AbortMultipartUpload', b, input.key)],
  async handle(input, ctx) {
    await loadUpload(ctx, input.bucket, input.key, input.uploadId);
    const parts = await ctx.space.freeing(() => ctx.deps.store.repos.uploads.deleteWithParts(input.uploadId));
    if (!parts) throw S3Errors.noSuchUpload(input.uploadId);
    await ctx.blobs.remove(parts.map((p) => p.blob_id));
    await ctx.space.keepReserve();
    return { status: 204 };
  },
});
