/** The shared part of Put/Get/DeleteObjectTagging: the version addressed, its checks, and its refusals. */
import type { FoundVersion } from '../../store/repos/s3Objects.js';
import type { RequestContextValues } from '../../authz/context.js';
import type { AuthzCheck } from '../operation.js';
import { S3Errors } from './errors.js';
import type { S3BucketsTable, S3Request } from './operation.js';
import { existingTagContext } from './tagging.js';
import type { PreparedVersion } from './versionTarget.js';
import { markerNotReadable, parseVersionId, versionCheck, versionHeader } from './versions.js';

export const taggingTarget = (req: S3Request) => ({ bucket: req.bucket, key: req.key, versionId: parseVersionId(req.query.get('versionId'), req) });

/** `action` (or, for a named version, `versionAction` with s3:versionid) with the version's s3:ExistingObjectTag/<key>. */
export const taggingCheck = (
  action: string,
  versionAction: string,
  input: { key: string; versionId: string | undefined },
  p: PreparedVersion,
  extra: RequestContextValues = {},
): AuthzCheck => versionCheck(action, versionAction, p.bucket, input.key, input.versionId, { ...existingTagContext(p.found?.row.tags), ...extra });

/** The version found (NoSuchKey / NoSuchVersion when none, 405 for a delete marker) and its x-amz-version-id. */
export function taggedVersion(b: S3BucketsTable, method: string, input: { key: string; versionId: string | undefined }, found: FoundVersion | undefined) {
  if (!found) throw input.versionId === undefined ? S3Errors.noSuchKey(input.key) : S3Errors.noSuchVersion(input.key, input.versionId);
  if (found.row.delete_marker) throw markerNotReadable(b, method, found.row);
  return { row: found.row, headers: versionHeader(b, found.row.version_id) };
}
