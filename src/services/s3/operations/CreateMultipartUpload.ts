import { xmlDocument } from '../../../protocol/restxml/encode.js';
import { parseChecksumAlgorithm, parseChecksumType } from '../checksums.js';
import { S3Errors } from '../errors.js';
import { newUploadId } from '../multipart.js';
import { validateKey } from '../names.js';
import { storedHeadersFrom } from '../objects.js';
import { defineS3Operation } from '../operation.js';
import { loadBucket, s3Check } from '../resources.js';
import { refuseObjectEncryption } from '../sse.js';

/** POST /bucket/key?uploads (s3:PutObject), with the checksum algorithm and type the object will carry. */
export const CreateMultipartUpload = defineS3Operation({
  name: 'CreateMultipartUpload',
  route: { method: 'POST', target: 'object', query: ['uploads'] },
  decode(req) {
    refuseObjectEncryption(req);
    validateKey(req.key);
    const raw = req.header('x-amz-checksum-algorithm');
    const checksum = parseChecksumAlgorithm(raw);
    if (raw !== undefined && !checksum) throw S3Errors.invalidArgument('Invalid checksum algorithm', 'x-amz-checksum-algorithm', raw);
    const checksumType = parseChecksumType(req.header('x-amz-checksum-type'), checksum);
    return { bucket: req.bucket, key: req.key, ...storedHeadersFrom(req.header, req.rawHeaders), checksum, checksumType };
  },
  prepare: (input, ctx) => loadBucket(ctx, input.bucket),
  checks: (input, _ctx, b) => [s3Check('s3:PutObject', b, input.key)],
  async handle(input, ctx) {
    await ctx.space.admit();
    const uploadId = newUploadId();
    const b = await loadBucket(ctx, input.bucket);
    await ctx.deps.store.repos.uploads.insert({
      upload_id: uploadId,
      bucket: input.bucket,
      key: input.key,
      initiated: ctx.deps.clock.now(),
      content_type: input.contentType,
      headers: JSON.stringify(input.headers),
      checksum_algorithm: input.checksum ?? null,
      checksum_type: input.checksumType ?? null,
      owner_account: ctx.caller.accountId || b.account_id,
      initiator_arn: ctx.caller.arn,
    });
    const headers: Record<string, string> = {};
    if (input.checksum) headers['x-amz-checksum-algorithm'] = input.checksum;
    if (input.checksumType) headers['x-amz-checksum-type'] = input.checksumType;
    return {
      headers,
      xml: xmlDocument('InitiateMultipartUploadResult', [
        ['Bucket', input.bucket],
        ['Key', input.key],
        ['UploadId', uploadId],
      ]),
    };
  },
});
