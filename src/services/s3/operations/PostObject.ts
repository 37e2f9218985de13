import { uriEncode } from '../../../auth/sigv4/index.js';
import { parseBlobs } from '../objects.js';
import { defineS3Operation, type S3Request } from '../operation.js';
import { notMultipart } from '../postAuth.js';
import { postAnswer, postObjectInput } from '../postObject.js';
import { loadBucket, s3Check } from '../resources.js';
import { storeBody } from '../store.js';


const locationOf = (req: S3Request, key: string) =>
  req.virtualHost ? `http://${req.header('host') ?? ''}/${uriEncode(key, true)}` : `http://${req.header('host') ?? ''}/${req.bucket}/${uriEncode(key, true)}`;

/**
 * POST /bucket (multipart/form-data): a browser-form upload. The authenticate stage read the fields and
 * checked the signature and the POST policy (services/s3/postAuth.ts); the upload is authorized as the
 * signer's s3:PutObject on the key, and the file streams to the blob store as PutObject's body does.
 */
export const PostObject = defineS3Operation({
  name: 'PostObject',
  route: { method: 'POST', target: 'bucket', bare: true },
  authentication: 'post-form',
  decode(req) {
    if (!req.form) throw notMultipart();
    return { bucket: req.bucket, ...postObjectInput(req.form.fields), location: (key: string) => locationOf(req, key) };
  },
  prepare: (input, ctx) => loadBucket(ctx, input.bucket),
  checks: (input, _ctx, b) => [s3Check('s3:PutObject', b, input.key)],
  async handle(input, ctx, b) {
    await ctx.space.admit(Number(ctx.request.header('content-length') ?? 0) || 0);
    const body = await storeBody(ctx.blobs, ctx.request.body);
    let old;
    try {
      old = await ctx.deps.store.repos.objects.put({
        bucket: input.bucket,
        key: input.key,
        blobs: JSON.stringify([{ id: body.blobId, size: body.size }]),
        size: body.size,
        etag: body.md5Hex,
        last_modified: ctx.deps.clock.now(),
        content_type: input.contentType,
        headers: JSON.stringify(input.headers),
        checksum_algorithm: null,
        checksum_value: null,
        parts_count: null,
        owner_account: ctx.caller.accountId || b.account_id,
      });
    } catch (e) {
      await ctx.blobs.remove([body.blobId]);
      throw e;
    }
    if (old) await ctx.blobs.remove(parseBlobs(old).map((r) => r.id));
    return postAnswer(input.answer, input.bucket, input.key, body.md5Hex, input.location(input.key));
  },
});
