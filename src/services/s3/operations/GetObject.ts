import { S3Errors } from '../errors.js';
import { Readable } from 'node:stream';
import { SMALL_BLOB } from '../../../store/blobs/BlobStore.js';
import { checkHeaderValue, checkReadConditions, objectHeaders, openObject, parseBlobs, parseRange, RESPONSE_OVERRIDES } from '../objects.js';
import { defineS3Operation, type S3OperationContext, type S3Request, type S3Result } from '../operation.js';
import { loadBucket, loadBucketForObject, s3Check } from '../resources.js';
import { readCustomerKey, sealedRead, type CustomerKey } from '../sse.js';

export interface GetObjectInput {
  bucket: string;
  key: string;
  range: string | undefined;
  overrides: Record<string, string>;
  checksumMode: boolean;
  /** The SSE-C key the request gives (an SSE-C object needs it, on HEAD too). */
  customer: CustomerKey | undefined;
}

export function decodeGet(req: S3Request): GetObjectInput {
  const customer = readCustomerKey(req);
  const overrides: Record<string, string> = {};
  for (const [param, h] of Object.entries(RESPONSE_OVERRIDES)) {
    const v = req.query.get(param);
    if (v !== null) overrides[h] = checkHeaderValue(param, v);
  }
  if (req.query.has('partNumber')) throw S3Errors.notImplemented('GetObject with partNumber is not implemented');
  return {
    bucket: req.bucket,
    key: req.key,
    range: req.header('range'),
    overrides,
    checksumMode: (req.header('x-amz-checksum-mode') ?? '').toUpperCase() === 'ENABLED',
    customer,
  };
}


/** GetObject and HeadObject: conditions, range, response overrides; the body streams from the blobs. */
export async function serveObject(input: GetObjectInput, ctx: S3OperationContext): Promise<S3Result> {
  for (let attempt = 0; ; attempt++) {
    const o = await ctx.deps.store.repos.objects.get(input.bucket, input.key);
    if (!o) {
      if (!ctx.allowed('list')) throw S3Errors.noSuchKeyOrDenied();
      throw S3Errors.noSuchKey(input.key);
    }
    const sealed = sealedRead(ctx.deps.keyring, o.headers, input.customer);
    const headers: Record<string, string> = objectHeaders(o, input.checksumMode);
    if (checkReadConditions(ctx.request.header, o) === 'not-modified') {
      return { status: 304, headers: { etag: headers.etag!, 'last-modified': headers['last-modified']! } };
    }
    Object.assign(headers, input.overrides);
    const size = Number(o.size);
    const range = size > 0 ? parseRange(input.range, size) : undefined;
    const start = range?.start ?? 0;
    const end = range?.end ?? size - 1;
    if (range) {
      headers['content-range'] = `bytes ${range.start}-${range.end}/${size}`;
      // A part of the object carries no whole-object checksum.
      for (const h of Object.keys(headers)) if (h.startsWith('x-amz-checksum-')) delete headers[h];
    }
    const length = end - start + 1;
    if (ctx.request.method === 'HEAD' || length <= 0) return { status: range ? 206 : 200, headers, stream: { length: Math.max(0, length), open: () => Readable.from([]) } };
    const blobs = parseBlobs(o);
    if (blobs.length === 1 && blobs[0]!.size <= SMALL_BLOB) {
      // A small object in one blob: its bytes in one read (or from memory), answered as one buffer.
      let bytes: Buffer;
      try {
        bytes = await ctx.blobs.readSmall(blobs[0]!.id, blobs[0]!.size, sealed);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT' && attempt < 3) continue;
        throw e;
      }
      return { status: range ? 206 : 200, headers, bytes: bytes.subarray(start, end + 1) };
    }
    let opened;
    try {
      // Opened before answering: the bytes are those of this row even if the object is replaced meanwhile.
      opened = await openObject(ctx.blobs, blobs, start, end, sealed);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT' && attempt < 3) continue;
      throw e;
    }
    return { status: range ? 206 : 200, headers, stream: { length, open: () => opened.stream(), dispose: () => opened.dispose() } };
  }
}

/** GET /bucket/key. */
export const GetObject = defineS3Operation({
  name: 'GetObject',
  route: { method: 'GET', target: 'object' },
  decode: decodeGet,
  prepare: (input, ctx) => loadBucketForObject(ctx, input.bucket, input.key),
  checks: (input, _ctx, b) => [s3Check('s3:GetObject', b, input.key)],
  // A missing key is NoSuchKey only to callers who may list the bucket; to others, AccessDenied.
  probes: (_input, _ctx, b) => ({ list: s3Check('s3:ListBucket', b, undefined) }),
  handle: serveObject,
});
