import { parseBlobs } from '../objects.js';
import { defineS3Operation } from '../operation.js';
import { loadBucket, s3Check } from '../resources.js';

/** DELETE /bucket/key: 204 whether or not the key existed (unversioned bucket). */
export const DeleteObject = defineS3Operation({
  name: 'DeleteObject',
  route: { method: 'DELETE', target: 'object' },
  decode: (req) => ({ bucket: req.bucket, key: req.key }),
  prepare: (input, ctx) => loadBucket(ctx, input.bucket),
  checks: (input, _ctx, b) => [s3Check('s3:DeleteObject', b, input.key)],
  async handle(input, ctx) {
    // On a full disk the commit may need the reserve (blobs/space.ts): deletes are how space comes back.
    const old = await ctx.space.freeing(() => ctx.deps.store.repos.objects.delete(input.bucket, input.key));
    if (old) await ctx.blobs.remove(parseBlobs(old).map((r) => r.id));
    await ctx.space.keepReserve();
    return { status: 204 };
  },
});
