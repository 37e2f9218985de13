/**
 * S3 versioning as the operations share it: version ids (a new one per write while versioning is
 * Enabled, the null version otherwise), reading the `versionId` parameter, the x-amz-version-id and
 * x-amz-delete-marker headers, and the version-aware checks (s3:GetObjectVersion, s3:versionid, ...).
 */
import { randomBytes } from 'node:crypto';
import type { S3ObjectsTable } from '../../store/schema-s3.js';
import { ServiceError } from '../../core/errors.js';
import type { RequestContextValues } from '../../authz/context.js';
import type { AuthzCheck } from '../operation.js';
import { S3Errors } from './errors.js';
import type { S3BucketsTable } from './operation.js';
import { s3Check } from './resources.js';
import { httpDate } from '../../protocol/restxml/encode.js';

export const NULL_VERSION = 'null';

/** A version id: 32 URL-safe characters, unique per key. */
export const newVersionId = () => randomBytes(24).toString('base64url');

const VERSION_ID = /^[A-Za-z0-9_-]{32}$/;
/** A gateway backend's version id (its own form: Ceph's hold dots, S3's may hold + / . =); bounded by S3's 1,024 bytes. */
const BACKEND_VERSION_ID = /^[A-Za-z0-9._+=/-]{1,1024}$/;

/** The version id a write gets in this bucket: a new one while versioning is Enabled, else the null version. */
export const writeVersionId = (b: S3BucketsTable) => (b.versioning === 'Enabled' ? newVersionId() : NULL_VERSION);

/**
 * A versionId parameter: undefined when absent; AWS's InvalidArgument when empty or not an id (of Tessera's
 * form, or with `req.backendVersionIds`, gateway mode, of the backend's).
 */
export function parseVersionId(v: string | null | undefined, req?: { backendVersionIds?: boolean }): string | undefined {
  if (v === null || v === undefined) return undefined;
  if (v === '') throw S3Errors.invalidArgument('Version id cannot be the empty string', 'versionId', '');
  if (v !== NULL_VERSION && !(req?.backendVersionIds ? BACKEND_VERSION_ID : VERSION_ID).test(v)) throw S3Errors.invalidVersionId(v.slice(0, 1024));
  return v;
}

/** x-amz-version-id for a version of this bucket: only once versioning was configured (then also 'null'). */
export const versionHeader = (b: S3BucketsTable, versionId: string): Record<string, string> =>
  b.versioning ? { 'x-amz-version-id': versionId } : {};

/** The headers describing a delete marker (GET/HEAD on one, DeleteObject creating or removing one). */
export const markerHeaders = (b: S3BucketsTable, row: S3ObjectsTable): Record<string, string> => ({
  'x-amz-delete-marker': 'true',
  ...versionHeader(b, row.version_id),
});

/** GET/HEAD of a key whose latest version is a delete marker: 404 NoSuchKey, saying so. */
export const deletedKey = (b: S3BucketsTable, key: string, marker: S3ObjectsTable) =>
  new ServiceError('NoSuchKey', 'The specified key does not exist.', 404, { extra: { Key: key }, headers: markerHeaders(b, marker) });

/** GET/HEAD of a delete marker by its version id: 405 MethodNotAllowed. */
export const markerNotReadable = (b: S3BucketsTable, method: string, marker: S3ObjectsTable) =>
  new ServiceError('MethodNotAllowed', 'The specified method is not allowed against this resource.', 405, {
    extra: { Method: method, ResourceType: 'DeleteMarker' },
    headers: { ...markerHeaders(b, marker), 'last-modified': httpDate(marker.last_modified), allow: 'DELETE' },
  });

/**
 * The check of an operation on an object that may name a version: `action` on the latest, `versionAction`
 * (s3:GetObjectVersion, ...) with s3:versionid when a version is named.
 */
export function versionCheck(action: string, versionAction: string, b: S3BucketsTable, key: string, versionId: string | undefined, context: RequestContextValues = {}): AuthzCheck {
  if (versionId === undefined) return s3Check(action, b, key, Object.keys(context).length ? { context } : {});
  return s3Check(versionAction, b, key, { context: { ...context, 's3:versionid': versionId } });
}
