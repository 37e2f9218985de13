/**
 * The source side of CopyObject and UploadPartCopy: the source object (its x-amz-copy-source-If-* conditions
 * checked), its bytes (or a range of them) streamed into a new blob, with their MD5 (the ETag) and, when an
 * algorithm is given, their checksum. An encrypted source is read through its keys; the copy is sealed with
 * the target's (`keys`), whatever the source's were.
 */
import { createHash } from 'node:crypto';
import type { S3ObjectsTable } from '../../store/schema-s3.js';
import { createChecksummer, type ChecksumAlgorithm } from './checksums.js';
import { S3Errors } from './errors.js';
import { checkReadConditions, parseBlobs, readObject } from './objects.js';
import type { AuthzCheck } from '../operation.js';
import type { S3BucketsTable, S3OperationContext } from './operation.js';
import { loadBucket, s3Check, withObjectAcl, type BucketWithObject } from './resources.js';
import type { BlobKeys } from '../../store/blobs/sealed.js';
import { sealedRead, storedEtag, type CustomerKey } from './sse.js';
import { existingTagContext } from './tagging.js';
import { versionCheck } from './versions.js';

export interface CopiedBytes {
  src: S3ObjectsTable;
  written: { id: string; size: number };
  /** The copy's ETag: the hex MD5 of the bytes copied, except under SSE-C (sse.ts storedEtag). */
  etag: string;
  /** Base64 checksum of the bytes copied, when an algorithm was given. */
  checksum: string | null;
}

export async function copySourceBytes(
  ctx: S3OperationContext,
  source: CopySource,
  conditions: (n: string) => string | undefined,
  opts: { range?: (size: number) => { start: number; end: number }; algorithm?: (src: S3ObjectsTable) => ChecksumAlgorithm | null | undefined; keys?: BlobKeys | undefined; sourceKey?: CustomerKey | undefined },
): Promise<CopiedBytes> {
  const found = await ctx.deps.store.repos.objects.getVersion(source.bucket, source.key, source.versionId);
  if (!found) throw source.versionId === undefined ? S3Errors.noSuchKey(source.key) : S3Errors.noSuchVersion(source.key, source.versionId);
  const src = found.row;
  if (src.delete_marker) {
    if (source.versionId === undefined) throw S3Errors.noSuchKey(source.key);
    throw S3Errors.invalidRequest('The source of a copy request may not specifically refer to a delete marker by version id.');
  }
  const sealed = sealedRead(ctx.deps.keyring, src.headers, opts.sourceKey);
  if (checkReadConditions(conditions, src) === 'not-modified') throw S3Errors.preconditionFailed('x-amz-copy-source-If-None-Match');
  const size = Number(src.size);
  const range = opts.range?.(size) ?? { start: 0, end: size - 1 };
  await ctx.space.admit(Math.max(0, range.end - range.start + 1));
  const algorithm = opts.algorithm?.(src) ?? undefined;
  const summer = algorithm ? createChecksummer(algorithm) : undefined;
  const md5 = createHash('md5');
  const stream = range.end >= range.start ? await readObject(ctx.blobs, parseBlobs(src), range.start, range.end, sealed) : undefined;
  async function* tap() {
    if (!stream) return;
    for await (const c of stream as AsyncIterable<Buffer>) {
      md5.update(c);
      summer?.update(c);
      yield c;
    }
  }
  const written = await ctx.blobs.write(tap(), opts.keys);
  return { src, written, etag: storedEtag(md5.digest('hex'), opts.keys), checksum: summer ? summer.digest().toString('base64') : null };
}

/** x-amz-copy-source: the source object, and the version it names (?versionId=). */
export interface CopySource {
  bucket: string;
  key: string;
  versionId?: string | undefined;
}

type CopyInput = { source: CopySource; bucket: string; key: string };
/** A copy's prepare: both buckets (the source's with the source version's ACL), and the source's tags as read (s3:ExistingObjectTag/<key> of the source). */
export type CopyBuckets = { src: BucketWithObject; dst: S3BucketsTable; sourceTags: string | null };

/** A copy's prepare: the source's and the target's buckets (NoSuchBucket for either), and the source's tags. */
export const loadCopyBuckets = async (ctx: S3OperationContext, input: CopyInput): Promise<CopyBuckets> => {
  const src = await loadBucket(ctx, input.source.bucket);
  const dst = await loadBucket(ctx, input.bucket);
  const found = await ctx.deps.store.repos.objects.getVersion(input.source.bucket, input.source.key, input.source.versionId);
  return { src: withObjectAcl(src, found?.row), dst, sourceTags: found?.row.tags ?? null };
};

/**
 * A copy's checks: s3:GetObject (s3:GetObjectVersion with s3:versionid for a named version) on the source
 * object, with its tags; `target` the target's (s3:PutObject by default).
 */
export const copyChecks = (input: CopyInput, { src, dst, sourceTags }: CopyBuckets, target?: AuthzCheck[]): AuthzCheck[] => [
  versionCheck('s3:GetObject', 's3:GetObjectVersion', src, input.source.key, input.source.versionId, existingTagContext(sourceTags)),
  ...(target ?? [s3Check('s3:PutObject', dst, input.key)]),
];
