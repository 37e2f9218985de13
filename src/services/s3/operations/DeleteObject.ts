import { defineS3Operation } from '../operation.js';
import { loadBucket } from '../resources.js';
import { deleteOne } from '../deletion.js';
import { parseVersionId, versionCheck } from '../versions.js';
import { bypassProbes, bypassRequested } from '../objectLock.js';

/**
 * DELETE /bucket/key: 204 whether or not the key existed. Unversioned bucket: the object goes. Versioned
 * (or suspended) bucket: a delete marker becomes the latest version. ?versionId=: that version goes for
 * good (s3:DeleteObjectVersion, with s3:versionid).
 */
export const DeleteObject = defineS3Operation({
  name: 'DeleteObject',
  route: { method: 'DELETE', target: 'object' },
  decode: (req) => ({ bucket: req.bucket, key: req.key, versionId: parseVersionId(req.query.get('versionId'), req), bypass: bypassRequested(req.header) }),
  prepare: (input, ctx) => loadBucket(ctx, input.bucket),
  checks: (input, _ctx, b) => [versionCheck('s3:DeleteObject', 's3:DeleteObjectVersion', b, input.key, input.versionId)],
  probes: (input, _ctx, b) => bypassProbes(input.bypass, b, input.key),
  async handle(input, ctx, b) {
    const r = await deleteOne(ctx, b, input.key, input.versionId, input.bypass && ctx.allowed('bypass'));
    const headers: Record<string, string> = {};
    if (r.versionId !== undefined) headers['x-amz-version-id'] = r.versionId;
    if (r.deleteMarker) headers['x-amz-delete-marker'] = 'true';
    return { status: 204, headers };
  },
});
