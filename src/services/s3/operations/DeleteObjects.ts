import { xmlDocument, type XmlChildren } from '../../../protocol/restxml/encode.js';
import { listOf, malformedXml, parseXmlDocument, textOf } from '../../../protocol/restxml/parse.js';
import { requireIntegrityHeader } from '../integrity.js';
import { parseBlobs } from '../objects.js';
import { defineS3Operation } from '../operation.js';
import { loadBucket, s3Check } from '../resources.js';

const MAX_KEYS = 1000;

/**
 * POST /bucket?delete: up to 1,000 keys. s3:DeleteObject is decided per key (probes), and a key the caller
 * may not delete is reported as an AccessDenied <Error> in the result, as S3 does.
 */
export const DeleteObjects = defineS3Operation({
  name: 'DeleteObjects',
  route: { method: 'POST', target: 'bucket', query: ['delete'] },
  async decode(req) {
    requireIntegrityHeader(req);
    const doc = parseXmlDocument((await req.body.readAll(2 * 1024 * 1024)).toString('utf8'), 'Delete');
    const objects = listOf(doc, 'Object');
    if (objects.length === 0 || objects.length > MAX_KEYS) throw malformedXml();
    const keys = objects.map((o) => {
      const k = textOf(o, 'Key');
      if (k === undefined || k === '') throw malformedXml();
      return k;
    });
    return { bucket: req.bucket, keys, quiet: (textOf(doc, 'Quiet') ?? '').trim().toLowerCase() === 'true' };
  },
  prepare: (input, ctx) => loadBucket(ctx, input.bucket),
  checks: () => [],
  probes: (input, _ctx, b) => {
    const probes: Record<string, ReturnType<typeof s3Check>> = {};
    for (const k of input.keys) probes[`delete:${k}`] = s3Check('s3:DeleteObject', b, k);
    return probes;
  },
  async handle(input, ctx) {
    const out: XmlChildren = [];
    const keys = [...new Set(input.keys)];
    const allowed = keys.filter((k) => ctx.allowed(`delete:${k}`));
    // One transaction for the whole request; the blobs go after it commits.
    const old = await ctx.space.freeing(() => ctx.deps.store.repos.objects.deleteMany(input.bucket, allowed));
    await ctx.blobs.remove(old.flatMap((o) => parseBlobs(o).map((r) => r.id)));
    await ctx.space.keepReserve();
    for (const key of keys) {
      if (!ctx.allowed(`delete:${key}`)) out.push(['Error', [['Key', key], ['Code', 'AccessDenied'], ['Message', 'Access Denied']]]);
      else if (!input.quiet) out.push(['Deleted', [['Key', key]]]);
    }
    return { xml: xmlDocument('DeleteResult', out) };
  },
});
