import { xmlDocument } from '../../../protocol/restxml/encode.js';
import { parseChecksumAlgorithm, parseChecksumType } from '../checksums.js';
import { S3Errors } from '../errors.js';
import { newUploadId } from '../multipart.js';
import { validateKey } from '../names.js';
import { storedHeadersFrom } from '../objects.js';
import { defineS3Operation } from '../operation.js';
import { loadBucket, taggedWriteChecks } from '../resources.js';
import { requestedEncryption, sseConditionKeys, writeEncryption } from '../sse.js';
import { decodeWriteAcl, objectWrite } from '../acl/apply.js';
import { parseTaggingHeader, storeTags } from '../tagging.js';
import { lockContext, newVersionLock, parseLockHeaders } from '../objectLock.js';

/** POST /bucket/key?uploads (s3:PutObject; with x-amz-tagging also s3:PutObjectTagging), with the checksum algorithm and type the object will carry; the tags go to the completed object. */
export const CreateMultipartUpload = defineS3Operation({
  name: 'CreateMultipartUpload',
  route: { method: 'POST', target: 'object', query: ['uploads'] },
  decode(req) {
    const sse = requestedEncryption(req);
    validateKey(req.key);
    const raw = req.header('x-amz-checksum-algorithm');
    const checksum = parseChecksumAlgorithm(raw);
    if (raw !== undefined && !checksum) throw S3Errors.invalidArgument('Invalid checksum algorithm', 'x-amz-checksum-algorithm', raw);
    const checksumType = parseChecksumType(req.header('x-amz-checksum-type'), checksum);
    return {
      bucket: req.bucket,
      key: req.key,
      ...storedHeadersFrom(req.header, req.rawHeaders),
      checksum,
      checksumType,
      sse,
      sseKeys: sseConditionKeys(req),
      tags: parseTaggingHeader(req.header('x-amz-tagging')),
      writeAcl: decodeWriteAcl(req.header),
      lock: parseLockHeaders(req.header),
    };
  },
  prepare: (input, ctx) => loadBucket(ctx, input.bucket),
  checks: (input, ctx, b) =>
    taggedWriteChecks(b, input.key, input.tags, { ...input.sseKeys, ...input.writeAcl.context, ...lockContext(input.lock, ctx.deps.clock.now()) }),
  async handle(input, ctx, b) {
    await ctx.space.admit();
    const { owner, acl } = await objectWrite(ctx, input.bucket, input.key, input.writeAcl);
    const uploadId = newUploadId();
    const objectLock = newVersionLock(b, input.lock, ctx.deps.clock.now());
    // The upload's encryption is fixed now: every part is sealed as it says (its headers record it).
    const enc = writeEncryption(ctx.deps.keyring, input.sse, b, ctx.deps.config.s3DefaultEncryption);
    await ctx.deps.store.repos.uploads.insert({
      upload_id: uploadId,
      bucket: input.bucket,
      key: input.key,
      initiated: ctx.deps.clock.now(),
      content_type: input.contentType,
      headers: JSON.stringify({ ...input.headers, ...enc.stored }),
      checksum_algorithm: input.checksum ?? null,
      checksum_type: input.checksumType ?? null,
      owner_account: owner,
      initiator_arn: ctx.caller.arn,
      acl,
      tags: storeTags(input.tags),
      object_lock: objectLock,
    });
    const headers: Record<string, string> = { ...enc.headers };
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
