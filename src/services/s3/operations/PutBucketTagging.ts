import { defineS3Operation } from '../operation.js';
import { loadBucket, publishBucket, s3Check } from '../resources.js';
import { MAX_BUCKET_TAGS, parseTaggingXml, storeTags } from '../tagging.js';

/** PUT /bucket?tagging: replaces the bucket's tag set (up to 50 tags; an empty set removes it). */
export const PutBucketTagging = defineS3Operation({
  name: 'PutBucketTagging',
  route: { method: 'PUT', target: 'bucket', query: ['tagging'] },
  async decode(req) {
    const tags = parseTaggingXml((await req.body.readAll(64 * 1024)).toString('utf8'), MAX_BUCKET_TAGS, 'Bucket');
    return { bucket: req.bucket, tags };
  },
  prepare: (input, ctx) => loadBucket(ctx, input.bucket),
  checks: (input, _ctx, b) => [s3Check('s3:PutBucketTagging', b, undefined)],
  async handle(input, ctx) {
    await ctx.space.admit();
    await ctx.deps.store.repos.buckets.setTags(input.bucket, storeTags(input.tags));
    await publishBucket(ctx.deps, input.bucket);
    return { status: 204 };
  },
});
