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
import type { RequestContextValues } from '../../authz/context.js';
import type { S3BucketsTable, S3OperationContext } from './operation.js';
import { loadBucket, loadBucketForObject, s3Check } from './resources.js';
import type { BlobKeys } from '../../store/blobs/sealed.js';
import { sealedRead, type CustomerKey } from './sse.js';

export interface CopiedBytes {
  src: S3ObjectsTable;
  written: { id: string; size: number };
  /** Hex MD5 of the bytes copied. */
  etag: string;
  /** Base64 checksum of the bytes copied, when an algorithm was given. */
  checksum: string | null;
}

export async function copySourceBytes(
  ctx: S3OperationContext,
  source: { bucket: string; key: string },
  conditions: (n: string) => string | undefined,
  opts: { range?: (size: number) => { start: number; end: number }; algorithm?: (src: S3ObjectsTable) => ChecksumAlgorithm | null | undefined; keys?: BlobKeys | undefined; sourceKey?: CustomerKey | undefined },
): Promise<CopiedBytes> {
  const src = await ctx.deps.store.repos.objects.get(source.bucket, source.key);
  if (!src) throw S3Errors.noSuchKey(source.key);
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
  return { src, written, etag: md5.digest('hex'), checksum: summer ? summer.digest().toString('base64') : null };
}

type CopyInput = { source: { bucket: string; key: string }; bucket: string; key: string; writeAcl?: { context: Record<string, string | string[]> } };
export type CopyBuckets = { src: S3BucketsTable; dst: S3BucketsTable };

/** A copy's prepare: the source's and the target's buckets (NoSuchBucket for either). */
export const loadCopyBuckets = async (ctx: S3OperationContext, input: CopyInput): Promise<CopyBuckets> => ({
  src: await loadBucketForObject(ctx, input.source.bucket, input.source.key),
  dst: await loadBucket(ctx, input.bucket),
});

/** A copy's checks: s3:GetObject on the source object, s3:PutObject on the target (with the request's SSE keys). */
export const copyChecks = (input: CopyInput, { src, dst }: CopyBuckets, context?: RequestContextValues): AuthzCheck[] => [
  s3Check('s3:GetObject', src, input.source.key),
  s3Check('s3:PutObject', dst, input.key, { context: { ...context, ...input.writeAcl?.context } }),
];
