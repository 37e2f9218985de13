import { checksumHeader, parseChecksumAlgorithm } from '../checksums.js';
import { validateKey } from '../names.js';
import { storedHeadersFrom, writePrecondition } from '../objects.js';
import { defineS3Operation } from '../operation.js';
import { loadBucket, taggedWriteChecks } from '../resources.js';
import { requestedEncryption, sseConditionKeys, writeEncryption } from '../sse.js';
import { commitBody, storeBody } from '../store.js';
import { parseTaggingHeader } from '../tagging.js';
import { decodeWriteAcl, objectWrite } from '../acl/apply.js';
import { lockContext, newVersionLock, parseLockHeaders, requireIntegrity } from '../objectLock.js';

/**
 * PUT /bucket/key: the body streams to a new blob (verified: signature payload hash or chunk signatures,
 * Content-MD5, flexible checksum), the blob is made durable, then the metadata commits; the replaced
 * object's blobs are removed last.
 */
export const PutObject = defineS3Operation({
  name: 'PutObject',
  route: { method: 'PUT', target: 'object' },
  decode(req) {
    const sse = requestedEncryption(req);
    const key = req.key;
    validateKey(key);
    const stored = storedHeadersFrom(req.header, req.rawHeaders);
    return {
      bucket: req.bucket,
      key,
      ...stored,
      sse,
      sseKeys: sseConditionKeys(req),
      precondition: writePrecondition(req.header),
      writeAcl: decodeWriteAcl(req.header),
      checksum: parseChecksumAlgorithm(req.header('x-amz-checksum-algorithm') ?? req.header('x-amz-sdk-checksum-algorithm')),
      tags: parseTaggingHeader(req.header('x-amz-tagging')),
      lock: requireIntegrity(parseLockHeaders(req.header), req.header, req.rawHeaders),
    };
  },
  prepare: (input, ctx) => loadBucket(ctx, input.bucket),
  checks: (input, ctx, b) =>
    taggedWriteChecks(b, input.key, input.tags, { ...input.sseKeys, ...input.writeAcl.context, ...lockContext(input.lock, ctx.deps.clock.now()) }),
  async handle(input, ctx, b) {
    const blobs = ctx.blobs;
    const { owner, acl } = await objectWrite(ctx, input.bucket, input.key, input.writeAcl);
    newVersionLock(b, input.lock, ctx.deps.clock.now()); // a refused lock is refused before the body streams
    await ctx.space.admit(ctx.request.body.declaredLength() ?? 0);
    const enc = writeEncryption(ctx.deps.keyring, input.sse, b, ctx.deps.config.s3DefaultEncryption);
    const body = await storeBody(blobs, ctx.request.body, input.checksum, enc.keys);
    const headers = await commitBody(
      ctx,
      { bucket: b, key: input.key, contentType: input.contentType, headers: input.headers, tags: input.tags, precondition: input.precondition, owner, acl, lock: input.lock },
      body,
      enc,
    );
    if (body.checksum) {
      headers[checksumHeader(body.checksum.algorithm)] = body.checksum.value;
      headers['x-amz-checksum-type'] = 'FULL_OBJECT';
    }
    return { headers };
  },
});
