import { xmlDocument, type XmlChildren } from '../../../protocol/restxml/encode.js';
import { listOf, malformedXml, parseXmlDocument, textOf } from '../../../protocol/restxml/parse.js';
import { requireIntegrityHeader } from '../integrity.js';
import { parseBlobs } from '../objects.js';
import { defineS3Operation } from '../operation.js';
import { loadBucket, s3Check } from '../resources.js';
import { ServiceError } from '../../../core/errors.js';
import { bypassRequested } from '../objectLock.js';
import { deleteOne, type Deletion } from '../deletion.js';
import { parseVersionId, versionCheck } from '../versions.js';
import type { AuthzCheck } from '../../operation.js';

interface Entry {
  id: string;
  key: string;
  versionId: string | undefined;
}

const MAX_KEYS = 1000;

/**
 * POST /bucket?delete: up to 1,000 keys, each maybe with a VersionId. s3:DeleteObject (or, for a version,
 * s3:DeleteObjectVersion) is decided per entry (probes), and one the caller may not delete is reported as
 * an AccessDenied <Error> in the result, as S3 does.
 */
export const DeleteObjects = defineS3Operation({
  name: 'DeleteObjects',
  route: { method: 'POST', target: 'bucket', query: ['delete'] },
  async decode(req) {
    requireIntegrityHeader(req);
    const doc = parseXmlDocument((await req.body.readAll(2 * 1024 * 1024)).toString('utf8'), 'Delete');
    const objects = listOf(doc, 'Object');
    if (objects.length === 0 || objects.length > MAX_KEYS) throw malformedXml();
    const seen = new Set<string>();
    const entries: Entry[] = [];
    for (const o of objects) {
      const key = textOf(o, 'Key');
      if (key === undefined || key === '') throw malformedXml();
      const versionId = parseVersionId(textOf(o, 'VersionId'), req);
      const id = JSON.stringify([key, versionId ?? null]);
      if (!seen.has(id)) entries.push({ id, key, versionId });
      seen.add(id);
    }
    return { bucket: req.bucket, entries, bypass: bypassRequested(req.header), quiet: (textOf(doc, 'Quiet') ?? '').trim().toLowerCase() === 'true' };
  },
  prepare: (input, ctx) => loadBucket(ctx, input.bucket),
  checks: () => [],
  probes: (input, _ctx, b) => {
    const probes: Record<string, AuthzCheck> = {};
    for (const e of input.entries) {
      probes[`delete:${e.id}`] = versionCheck('s3:DeleteObject', 's3:DeleteObjectVersion', b, e.key, e.versionId);
      if (input.bypass && e.versionId !== undefined) probes[`bypass:${e.id}`] = s3Check('s3:BypassGovernanceRetention', b, e.key);
    }
    return probes;
  },
  async handle(input, ctx, b) {
    const out: XmlChildren = [];
    const allowed = input.entries.filter((e) => ctx.allowed(`delete:${e.id}`));
    const done = new Map<string, Deletion | ServiceError>();
    // Unversioned keys: one transaction for all of them; the blobs go after it commits.
    const plain = b.versioning ? [] : allowed.filter((e) => e.versionId === undefined);
    if (plain.length) {
      const old = await ctx.space.freeing(() => ctx.deps.store.repos.objects.deleteMany(input.bucket, plain.map((e) => e.key)));
      await ctx.blobs.remove(old.flatMap((o) => parseBlobs(o).map((r) => r.id)));
      await ctx.space.keepReserve();
      for (const e of plain) done.set(e.id, { versionId: undefined, deleteMarker: false });
    }
    for (const e of allowed) {
      if (done.has(e.id)) continue;
      // A version Object Lock protects is reported as its own error; the other entries still go.
      const bypass = ctx.allowed(`bypass:${e.id}`);
      done.set(e.id, await deleteOne(ctx, b, e.key, e.versionId, bypass).catch((err: unknown) => {
        if (err instanceof ServiceError) return err;
        throw err;
      }));
    }
    for (const e of input.entries) {
      const d = done.get(e.id);
      const version: XmlChildren = e.versionId !== undefined ? [['VersionId', e.versionId]] : [];
      if (!d) out.push(['Error', [['Key', e.key], ...version, ['Code', 'AccessDenied'], ['Message', 'Access Denied']]]);
      else if (d instanceof ServiceError) out.push(['Error', [['Key', e.key], ...version, ['Code', d.code], ['Message', d.message]]]);
      else if (!input.quiet) {
        const c: XmlChildren = [['Key', e.key], ...version];
        if (d.deleteMarker) c.push(['DeleteMarker', true], ['DeleteMarkerVersionId', d.versionId!]);
        out.push(['Deleted', c]);
      }
    }
    return { xml: xmlDocument('DeleteResult', out) };
  },
});
