import { checksumHeader, parseChecksumAlgorithm } from '../checksums.js';
import { validateKey } from '../names.js';
import { parseBlobs, quoted, storedHeadersFrom, writePrecondition } from '../objects.js';
import { defineS3Operation } from '../operation.js';
import { loadBucket, s3Check } from '../resources.js';
import { requestedEncryption, sseConditionKeys, writeEncryption } from '../sse.js';
import { storeBody } from '../store.js';
import { decodeWriteAcl, objectWrite } from '../acl/apply.js';

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
    };
  },
  prepare: (input, ctx) => loadBucket(ctx, input.bucket),
  checks: (input, _ctx, b) => [s3Check('s3:PutObject', b, input.key, { context: { ...input.sseKeys, ...input.writeAcl.context } })],
  async handle(input, ctx, bucket) {
    const blobs = ctx.blobs;
    const { owner, acl } = await objectWrite(ctx, input.bucket, input.key, input.writeAcl);
    await ctx.space.admit(ctx.request.body.declaredLength() ?? 0);
    const enc = writeEncryption(ctx.deps.keyring, input.sse, bucket, ctx.deps.config.s3DefaultEncryption);
    const body = await storeBody(blobs, ctx.request.body, input.checksum, enc.keys);
    let old;
    try {
      old = await ctx.deps.store.repos.objects.put(
        {
          bucket: input.bucket,
          key: input.key,
          blobs: JSON.stringify([{ id: body.blobId, size: body.size }]),
          size: body.size,
          etag: body.md5Hex,
          last_modified: ctx.deps.clock.now(),
          content_type: input.contentType,
          headers: JSON.stringify({ ...input.headers, ...enc.stored }),
          checksum_algorithm: body.checksum?.algorithm ?? null,
          checksum_value: body.checksum?.value ?? null,
          parts_count: null,
          acl,
          owner_account: owner,
        },
        input.precondition,
      );
    } catch (e) {
      await blobs.remove([body.blobId]);
      throw e;
    }
    if (old) await blobs.remove(parseBlobs(old).map((r) => r.id));
    const headers: Record<string, string> = { ETag: quoted(body.md5Hex), ...enc.headers };
    if (body.checksum) {
      headers[checksumHeader(body.checksum.algorithm)] = body.checksum.value;
      headers['x-amz-checksum-type'] = 'FULL_OBJECT';
    }
    return { headers };
  },
});
