/** Multipart helpers: upload ids, part numbers, the AWS multipart ETag. */
import { createHash, randomBytes } from 'node:crypto';
import type { S3UploadsTable } from '../../store/schema-s3.js';
import { S3Errors } from './errors.js';
import type { S3OperationContext } from './operation.js';

export const MIN_PART_SIZE = 5 * 1024 * 1024;
export const MAX_PARTS = 10_000;

export const newUploadId = () => randomBytes(36).toString('base64url');

export function parsePartNumber(v: string | null): number {
  if (v === null || !/^\d+$/.test(v) || Number(v) < 1 || Number(v) > MAX_PARTS) {
    throw S3Errors.invalidArgument('Part number must be an integer between 1 and 10000, inclusive', 'partNumber', v ?? '');
  }
  return Number(v);
}

/** The upload, which must belong to this bucket and key. */
export async function loadUpload(ctx: S3OperationContext, bucket: string, key: string, uploadId: string): Promise<S3UploadsTable> {
  const up = await ctx.deps.store.repos.uploads.get(uploadId);
  if (!up || up.bucket !== bucket || up.key !== key) throw S3Errors.noSuchUpload(uploadId);
  return up;
}

/** AWS's multipart ETag: MD5 of the parts' binary MD5s, then "-N". */
export function multipartEtag(partEtags: string[]): string {
  const h = createHash('md5');
  for (const e of partEtags) h.update(Buffer.from(e, 'hex'));
  return `${h.digest('hex')}-${partEtags.length}`;
}
