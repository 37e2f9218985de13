/** Multipart helpers: upload ids, part numbers, the AWS multipart ETag, the completed object's checksum. */
import { createHash, randomBytes } from 'node:crypto';
import type { BlobStore } from '../../store/blobs/BlobStore.js';
import type { S3PartsTable, S3UploadsTable } from '../../store/schema-s3.js';
import { compositeChecksum, createChecksummer, type ChecksumAlgorithm } from './checksums.js';
import { combineChecksums, combines } from './crcCombine.js';
import { readObject, type SealedRead } from './objects.js';
import { S3Errors } from './errors.js';
import type { S3OperationContext } from './operation.js';

export const MIN_PART_SIZE = 5 * 1024 * 1024;
export const MAX_PARTS = 10_000;
/**
 * How long a completed upload's answer is given again to a retry (S3 answers retries for a while; 15 minutes
 * here). Older answers are never given, and the lifecycle sweep removes them (s3_completed_uploads).
 */
export const REPEAT_WINDOW_MS = 15 * 60 * 1000;

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

/**
 * The checksum a completed multipart object carries: COMPOSITE, the checksum of the parts' checksums then
 * "-N" (every part must have one); FULL_OBJECT, the checksum of the whole object's bytes, combined from the
 * parts' own CRCs and sizes (crcCombine.ts), or read back from the parts in order when a part has none.
 * Null when the upload has no checksum (or a composite lacks a part's).
 */
export async function multipartChecksum(blobs: BlobStore, up: S3UploadsTable, parts: S3PartsTable[], sealed?: () => SealedRead | undefined): Promise<string | null> {
  const algorithm = up.checksum_algorithm as ChecksumAlgorithm | null;
  if (!algorithm) return null;
  if ((up.checksum_type ?? (algorithm === 'CRC64NVME' ? 'FULL_OBJECT' : 'COMPOSITE')) === 'COMPOSITE') {
    return parts.every((p) => p.checksum_value) ? compositeChecksum(algorithm, parts.map((p) => p.checksum_value!)) : null;
  }
  // A CRC of the whole object follows from the parts' own CRCs and sizes: no byte is read back.
  if (combines(algorithm) && parts.every((p) => p.checksum_value)) {
    // An SSE-C upload's key is still asked for and checked, as S3 asks for it with a FULL_OBJECT checksum.
    sealed?.();
    return combineChecksums(algorithm, parts.map((p) => ({ digest: Buffer.from(p.checksum_value!, 'base64'), size: Number(p.size) }))).toString('base64');
  }
  const summer = createChecksummer(algorithm);
  const size = parts.reduce((n, p) => n + Number(p.size), 0);
  if (size > 0) {
    // Sealed parts (SSE) are read through the upload's keys (asked for only here: a COMPOSITE checksum needs
    // no SSE-C key): the checksum is the plaintext's.
    const stream = await readObject(blobs, parts.map((p) => ({ id: p.blob_id, size: Number(p.size) })), 0, size - 1, sealed?.());
    for await (const chunk of stream) summer.update(chunk as Buffer);
  }
  return summer.digest().toString('base64');
}
