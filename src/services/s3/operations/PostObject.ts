import { uriEncode } from '../../../auth/sigv4/index.js';
import { checksumHeader } from '../checksums.js';
import { defineS3Operation, type S3Request } from '../operation.js';
import { notMultipart } from '../postAuth.js';
import { postAnswer, postObjectInput } from '../postObject.js';
import { loadBucket, taggedWriteChecks } from '../resources.js';
import { writeEncryption } from '../sse.js';
import { commitBody, storeBody } from '../store.js';
import { objectWrite } from '../acl/apply.js';


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
  checks: (input, _ctx, b) => taggedWriteChecks(b, input.key, input.tags, input.writeAcl.context),
  async handle(input, ctx, b) {
    const { owner, acl } = await objectWrite(ctx, input.bucket, input.key, input.writeAcl);
    await ctx.space.admit(Number(ctx.request.header('content-length') ?? 0) || 0);
    const enc = writeEncryption(ctx.deps.keyring, undefined, b, ctx.deps.config.s3DefaultEncryption);
    const body = await storeBody(ctx.blobs, ctx.request.body, undefined, enc.keys);
    // Written as PutObject writes: the bucket's versioning and default encryption apply.
    await commitBody(ctx, { bucket: b, key: input.key, contentType: input.contentType, headers: input.headers, tags: input.tags, owner, acl }, body, enc);
    const answer = postAnswer(input.answer, input.bucket, input.key, body.etag, input.location(input.key));
    if (body.checksum) answer.headers = { ...answer.headers, [checksumHeader(body.checksum.algorithm)]: body.checksum.value };
    return answer;
  },
});
