import { S3Errors } from '../errors.js';
import { Readable } from 'node:stream';
import { SMALL_BLOB } from '../../../store/blobs/BlobStore.js';
import { parsePartNumber } from '../multipart.js';
import { checkHeaderValue, checkReadConditions, objectHeaders, openObject, parseBlobs, parseRange, partChecksumHeaders, partRange, RESPONSE_OVERRIDES } from '../objects.js';
import { defineS3Operation, type S3OperationContext, type S3Request, type S3Result } from '../operation.js';
import { s3Check } from '../resources.js';
import { readCustomerKey, sealedRead, type CustomerKey } from '../sse.js';
import { existingTagContext, tagCountHeader } from '../tagging.js';
import { loadVersion, type PreparedVersion } from '../versionTarget.js';
import { deletedKey, markerNotReadable, parseVersionId, versionCheck, versionHeader } from '../versions.js';
import { lockHeaders } from '../objectLock.js';
import { expirationHeader } from '../lifecycle.js';

export interface GetObjectInput {
  bucket: string;
  key: string;
  range: string | undefined;
  /** ?partNumber=N: that part's bytes, with the object's part count. */
  partNumber: number | undefined;
  overrides: Record<string, string>;
  checksumMode: boolean;
  /** The SSE-C key the request gives (an SSE-C object needs it, on HEAD too). */
  customer: CustomerKey | undefined;
  versionId: string | undefined;
}

export function decodeGet(req: S3Request): GetObjectInput {
  const customer = readCustomerKey(req);
  const overrides: Record<string, string> = {};
  if (req.query.size > 0) {
    for (const [param, h] of Object.entries(RESPONSE_OVERRIDES)) {
      const v = req.query.get(param);
      if (v !== null) overrides[h] = checkHeaderValue(param, v);
    }
  }
  const partNumber = req.query.has('partNumber') ? parsePartNumber(req.query.get('partNumber')) : undefined;
  if (partNumber !== undefined && req.header('range') !== undefined) throw S3Errors.invalidRequest('Cannot specify both Range header and partNumber query parameter');
  return {
    bucket: req.bucket,
    key: req.key,
    range: req.header('range'),
    partNumber,
    overrides,
    checksumMode: (req.header('x-amz-checksum-mode') ?? '').toUpperCase() === 'ENABLED',
    customer,
    versionId: parseVersionId(req.query.get('versionId'), req),
  };
}


/**
 * GetObject and HeadObject: the version prepare read (read again if its bytes went meanwhile), delete
 * markers (404, or 405 when named), conditions, range, response overrides; the body streams from the blobs.
 */
export async function serveObject(input: GetObjectInput, ctx: S3OperationContext, prepared: PreparedVersion): Promise<S3Result> {
  const b = prepared.bucket;
  let found = prepared.found;
  for (let attempt = 0; ; attempt++) {
    if (attempt > 0) found = await ctx.deps.store.repos.objects.getVersion(input.bucket, input.key, input.versionId);
    if (!found) {
      if (!ctx.allowed('list')) throw S3Errors.noSuchKeyOrDenied();
      if (input.versionId !== undefined) throw S3Errors.noSuchVersion(input.key, input.versionId);
      throw S3Errors.noSuchKey(input.key);
    }
    const o = found.row;
    if (o.delete_marker) throw input.versionId === undefined ? deletedKey(b, input.key, o) : markerNotReadable(b, ctx.request.method, o);
    const headers: Record<string, string> = Object.assign(
      objectHeaders(o, input.checksumMode),
      versionHeader(b, o.version_id),
      tagCountHeader(o.tags),
      lockHeaders(o),
      found.latest ? expirationHeader(b, o) : undefined,
    );
    const sealed = sealedRead(ctx.deps.keyring, o.headers, input.customer);
    if (checkReadConditions(ctx.request.header, o) === 'not-modified') {
      return { status: 304, headers: { etag: headers.etag!, 'last-modified': headers['last-modified']! } };
    }
    Object.assign(headers, input.overrides);
    const size = Number(o.size);
    const range = input.partNumber !== undefined ? partRange(o, input.partNumber) : parseRange(input.range, size);
    if (input.partNumber !== undefined && o.parts_count) headers['x-amz-mp-parts-count'] = String(o.parts_count);
    const start = range?.start ?? 0;
    const end = range?.end ?? size - 1;
    if (range && !(input.partNumber !== undefined && !o.parts_count)) {
      headers['content-range'] = `bytes ${range.start}-${range.end}/${size}`;
      // A part of the object carries no whole-object checksum; an uploaded part carries its own.
      for (const h of Object.keys(headers)) if (h.startsWith('x-amz-checksum-')) delete headers[h];
      if (input.partNumber !== undefined && input.checksumMode) Object.assign(headers, partChecksumHeaders(o, input.partNumber));
    } else if (range) headers['content-range'] = `bytes ${range.start}-${range.end}/${size}`;
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
    return { status: range ? 206 : 200, headers, stream: { length, open: () => opened.stream(), batches: opened.batches && (() => opened.batches!()), dispose: () => opened.dispose() } };
  }
}

/** GET /bucket/key. */
export const GetObject = defineS3Operation({
  name: 'GetObject',
  route: { method: 'GET', target: 'object' },
  decode: decodeGet,
  prepare: (input, ctx) => loadVersion(ctx, input.bucket, input.key, input.versionId),
  // A named version is s3:GetObjectVersion (with s3:versionid); the object's tags are s3:ExistingObjectTag/<key>.
  checks: (input, _ctx, p) => [versionCheck('s3:GetObject', 's3:GetObjectVersion', p.bucket, input.key, input.versionId, existingTagContext(p.found?.row.tags))],
  // A missing key is NoSuchKey only to callers who may list the bucket; to others, AccessDenied.
  probes: (_input, _ctx, p) => ({ list: s3Check('s3:ListBucket', p.bucket, undefined) }),
  handle: serveObject,
});
