/** The prepare step of operations on one object version: its bucket and the version (read before authorization for its tags). */
import type { FoundVersion } from '../../store/repos/s3Objects.js';
import type { S3OperationContext } from './operation.js';
import { loadBucket, withObjectAcl, type BucketWithObject } from './resources.js';

export interface PreparedVersion {
  /** With the version's owner and ACL where the bucket's ACLs are enabled. */
  bucket: BucketWithObject;
  /** The version named (undefined: the latest), as read; undefined when there is none. */
  found: FoundVersion | undefined;
}

/** Reads the bucket (NoSuchBucket) and the version; a missing version is the handler's to report, after authorization. */
export async function loadVersion(ctx: S3OperationContext, bucket: string, key: string, versionId: string | undefined): Promise<PreparedVersion> {
  const b = await loadBucket(ctx, bucket);
  const found = await ctx.deps.store.repos.objects.getVersion(bucket, key, versionId);
  return { bucket: withObjectAcl(b, found?.row), found };
}
