import { MAX_CORS_BYTES, parseCorsConfiguration } from '../cors.js';
import { requireIntegrityHeader } from '../integrity.js';
import { defineS3Operation } from '../operation.js';
import { loadBucket, publishBucket, s3Check } from '../resources.js';

/** PUT /bucket?cors: the CORSConfiguration replaces the bucket's (s3:PutBucketCORS). */
export const PutBucketCors = defineS3Operation({
  name: 'PutBucketCors',
  route: { method: 'PUT', target: 'bucket', query: ['cors'] },
  async decode(req) {
    requireIntegrityHeader(req);
    const rules = parseCorsConfiguration((await req.body.readAll(MAX_CORS_BYTES)).toString('utf8'));
    return { bucket: req.bucket, rules };
  },
  prepare: (input, ctx) => loadBucket(ctx, input.bucket),
  checks: (_input, _ctx, b) => [s3Check('s3:PutBucketCORS', b, undefined)],
  async handle(input, ctx) {
    await ctx.space.admit();
    await ctx.deps.store.repos.buckets.setCors(input.bucket, JSON.stringify(input.rules));
    await publishBucket(ctx.deps, input.bucket);
    return {};
  },
});
