import { checksumHeader, parseChecksumAlgorithm } from '../checksums.js';
import { validateKey } from '../names.js';
import { parseBlobs, quoted, storedHeadersFrom, writePrecondition } from '../objects.js';
import { defineS3Operation } from '../operation.js';
import { loadBucket, taggedWriteChecks } from '../resources.js';
import { refuseObjectEncryption } from '../sse.js';
import { storeBody } from '../store.js';
import { parseTaggingHeader, requestTagContext, storeTags } from '../tagging.js';
import { versionHeader, writeVersionId } from '../versions.js';
import { lockContext, newVersionLock, parseLockHeaders, requireIntegrity } from '../objectLock.js';
import { expirationHeader } from '../lifecycle.js';

/**
 * PUT /bucket/key: the body streams to a new blob (verified: signature payload hash or chunk signatures,
 * Content-MD5, flexible checksum), the blob is made durable, then the metadata commits; the replaced
 * object's blobs are removed last.
 */
export const PutObject = defineS3Operation({
  name: 'PutObject',
  route: { method: 'PUT', target: 'object' },
  decode(req) {
    refuseObjectEncryption(req);
    const key = req.key;
    validateKey(key);
    const stored = storedHeadersFrom(req.header, req.rawHeaders);
    return {
      bucket: req.bucket,
      key,
      ...stored,
      precondition: writePrecondition(req.header),
      checksum: parseChecksumAlgorithm(req.header('x-amz-checksum-algorithm') ?? req.header('x-amz-sdk-checksum-algorithm')),
      tags: parseTaggingHeader(req.header('x-amz-tagging')),
      lock: requireIntegrity(parseLockHeaders(req.header), req.header, req.rawHeaders),
    };
  },
  prepare: (input, ctx) => loadBucket(ctx, input.bucket),
  checks: (input, ctx, b) => taggedWriteChecks(b, input.key, input.tags, lockContext(input.lock, ctx.deps.clock.now())),
  async handle(input, ctx, b) {
    const blobs = ctx.blobs;
    const objectLock = newVersionLock(b, input.lock, ctx.deps.clock.now());
    await ctx.space.admit(ctx.request.body.declaredLength() ?? 0);
    const body = await storeBody(blobs, ctx.request.body, input.checksum);
    const versionId = writeVersionId(b);
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
          headers: JSON.stringify(input.headers),
          checksum_algorithm: body.checksum?.algorithm ?? null,
          checksum_value: body.checksum?.value ?? null,
          parts_count: null,
          owner_account: ctx.caller.accountId || b.account_id,
          version_id: versionId,
          delete_marker: 0,
          tags: storeTags(input.tags),
          object_lock: objectLock,
        },
        input.precondition,
      );
    } catch (e) {
      await blobs.remove([body.blobId]);
      throw e;
    }
    if (old) await blobs.remove(parseBlobs(old).map((r) => r.id));
    const headers: Record<string, string> = { ETag: quoted(body.md5Hex), ...versionHeader(b, versionId) };
    Object.assign(headers, expirationHeader(b, { key: input.key, size: body.size, last_modified: ctx.deps.clock.now(), tags: storeTags(input.tags) }));
    if (body.checksum) {
      headers[checksumHeader(body.checksum.algorithm)] = body.checksum.value;
      headers['x-amz-checksum-type'] = 'FULL_OBJECT';
    }
    return { headers };
  },
});
