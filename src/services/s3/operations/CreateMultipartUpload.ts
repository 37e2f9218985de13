import { xmlDocument } from '../../../protocol/restxml/encode.js';
import { parseChecksumAlgorithm } from '../checksums.js';
import { S3Errors } from '../errors.js';
import { newUploadId } from '../multipart.js';
import { validateKey } from '../names.js';
import { storedHeadersFrom } from '../objects.js';
import { defineS3Operation } from '../operation.js';
import { loadBucket, taggedWriteChecks } from '../resources.js';
import { parseTaggingHeader, storeTags } from '../tagging.js';
import { refuseObjectEncryption } from '../sse.js';
import { lockContext, newVersionLock, parseLockHeaders } from '../objectLock.js';

/** POST /bucket/key?uploads (s3:PutObject; with x-amz-tagging also s3:PutObjectTagging): the tags go to the completed object. */
export const CreateMultipartUpload = defineS3Operation({
  name: 'CreateMultipartUpload',
  route: { method: 'POST', target: 'object', query: ['uploads'] },
  decode(req) {
    refuseObjectEncryption(req);
    validateKey(req.key);
    const raw = req.header('x-amz-checksum-algorithm');
    const checksum = parseChecksumAlgorithm(raw);
    if (raw !== undefined && !checksum) throw S3Errors.invalidArgument('Invalid checksum algorithm', 'x-amz-checksum-algorithm', raw);
    return { bucket: req.bucket, key: req.key, ...storedHeadersFrom(req.header, req.rawHeaders), checksum, tags: parseTaggingHeader(req.header('x-amz-tagging')), lock: parseLockHeaders(req.header) };
  },
  prepare: (input, ctx) => loadBucket(ctx, input.bucket),
  checks: (input, ctx, b) => taggedWriteChecks(b, input.key, input.tags, lockContext(input.lock, ctx.deps.clock.now())),
  async handle(input, ctx) {
    await ctx.space.admit();
    const uploadId = newUploadId();
    const b = await loadBucket(ctx, input.bucket);
    const objectLock = newVersionLock(b, input.lock, ctx.deps.clock.now());
    await ctx.deps.store.repos.uploads.insert({
      upload_id: uploadId,
      bucket: input.bucket,
      key: input.key,
      initiated: ctx.deps.clock.now(),
      content_type: input.contentType,
      headers: JSON.stringify(input.headers),
      checksum_algorithm: input.checksum ?? null,
      owner_account: ctx.caller.accountId || b.account_id,
      initiator_arn: ctx.caller.arn,
      tags: storeTags(input.tags),
      object_lock: objectLock,
    });
    const headers: Record<string, string> = {};
    if (input.checksum) headers['x-amz-checksum-algorithm'] = input.checksum;
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
