/**
 * Deleting one key or one version (DeleteObject, DeleteObjects): in an unversioned bucket the object
 * goes; in a versioned or suspended one a delete marker becomes the latest version (in a suspended one it
 * is the null version, replacing the null version); a named version goes for good. The blobs of what went
 * are removed after the commit; on a full disk the commit may use the reserve (blobs/space.ts).
 */
import { parseBlobs } from './objects.js';
import type { S3BucketsTable, S3OperationContext } from './operation.js';
import { writeVersionId } from './versions.js';

export interface Deletion {
  /** The version deleted, or the delete marker's version (undefined in an unversioned bucket). */
  versionId: string | undefined;
  /** A delete marker was created, or the version deleted was one. */
  deleteMarker: boolean;
}

export async function deleteOne(ctx: S3OperationContext, b: S3BucketsTable, key: string, versionId: string | undefined): Promise<Deletion> {
  const objects = ctx.deps.store.repos.objects;
  let gone;
  let result: Deletion;
  if (versionId !== undefined) {
    const found = await ctx.space.freeing(() => objects.deleteVersion(b.name, key, versionId));
    gone = found?.row;
    result = { versionId, deleteMarker: Boolean(found?.row.delete_marker) };
  } else if (!b.versioning) {
    gone = await ctx.space.freeing(() => objects.delete(b.name, key));
    result = { versionId: undefined, deleteMarker: false };
  } else {
    const markerId = writeVersionId(b);
    gone = await ctx.space.freeing(() =>
      objects.put({
        bucket: b.name,
        key,
        blobs: '[]',
        size: 0,
        etag: '',
        last_modified: ctx.deps.clock.now(),
        content_type: '',
        headers: '{}',
        checksum_algorithm: null,
        checksum_value: null,
        parts_count: null,
        owner_account: ctx.caller.accountId || b.account_id,
        version_id: markerId,
        delete_marker: 1,
        tags: null,
      }),
    );
    result = { versionId: markerId, deleteMarker: true };
  }
  if (gone) await ctx.blobs.remove(parseBlobs(gone).map((r) => r.id));
  await ctx.space.keepReserve();
  return result;
}
