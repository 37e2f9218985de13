import { createHash } from 'node:crypto';
import { s3Time, xmlDocument } from '../../../protocol/restxml/encode.js';
import { getObject, putObject } from '../../../store/repos/s3Objects.js';
import { checksumHeader, createChecksummer, type ChecksumAlgorithm } from '../checksums.js';
import { S3Errors } from '../errors.js';
import { validateKey } from '../names.js';
import { checkReadConditions, parseBlobs, quoted, readObject, storedHeadersFrom } from '../objects.js';
import { defineS3Operation } from '../operation.js';
import { loadBucket, s3Check } from '../resources.js';

export function parseCopySource(v: string): { bucket: string; key: string } {
  let s = v;
  const q = s.indexOf('?');
  if (q >= 0) {
    if (!/^versionId=(null)?$/.test(s.slice(q + 1))) throw S3Errors.notImplemented('Copying an object version is not implemented');
    s = s.slice(0, q);
  }
  try {
    s = decodeURIComponent(s);
  } catch {
    throw S3Errors.invalidArgument('Invalid copy source encoding', 'x-amz-copy-source', v);
  }
  if (s.startsWith('/')) s = s.slice(1);
  const slash = s.indexOf('/');
  if (slash <= 0 || slash === s.length - 1) throw S3Errors.invalidArgument('Invalid copy source object key', 'x-amz-copy-source', v);
  return { bucket: s.slice(0, slash), key: s.slice(slash + 1) };
}

/** x-amz-copy-source-if-* are the read conditions of the source, with 412 for every failure. */
export function sourceConditions(header: (n: string) => string | undefined) {
  const map: Record<string, string> = {
    'if-match': 'x-amz-copy-source-if-match',
    'if-none-match': 'x-amz-copy-source-if-none-match',
    'if-modified-since': 'x-amz-copy-source-if-modified-since',
    'if-unmodified-since': 'x-amz-copy-source-if-unmodified-since',
  };
  return (n: string) => (map[n] ? header(map[n]) : undefined);
}

/**
 * PUT /bucket/key with x-amz-copy-source: needs s3:GetObject on the source (and its bucket's policy) and
 * s3:PutObject on the target. Metadata: COPY (default) or REPLACE (from this request's headers).
 */
export const CopyObject = defineS3Operation({
  name: 'CopyObject',
  decode(req) {
    const key = req.key!;
    validateKey(key);
    const source = parseCopySource(req.header('x-amz-copy-source')!);
    const directive = (req.header('x-amz-metadata-directive') ?? 'COPY').toUpperCase();
    if (directive !== 'COPY' && directive !== 'REPLACE') throw S3Errors.invalidArgument('Unknown metadata directive.', 'x-amz-metadata-directive', directive);
    if (source.bucket === req.bucket && source.key === key && directive === 'COPY') {
      throw S3Errors.invalidRequest(
        "This copy request is illegal because it is trying to copy an object to itself without changing the object's metadata, storage class, website redirect location or encryption attributes.",
      );
    }
    return {
      bucket: req.bucket!,
      key,
      source,
      replace: directive === 'REPLACE' ? storedHeadersFrom(req.header, req.rawHeaders) : undefined,
      conditions: sourceConditions(req.header),
    };
  },
  async authorize(input, ctx) {
    const src = await loadBucket(ctx, input.source.bucket);
    const dst = await loadBucket(ctx, input.bucket);
    return { checks: [s3Check('s3:GetObject', src, input.source.key), s3Check('s3:PutObject', dst, input.key)] };
  },
  async handle(input, ctx) {
    const db = ctx.deps.store.db;
    const src = await getObject(db, input.source.bucket, input.source.key);
    if (!src) throw S3Errors.noSuchKey(input.source.key);
    if (checkReadConditions(input.conditions, src) === 'not-modified') throw S3Errors.preconditionFailed('x-amz-copy-source-If-None-Match');
    const algorithm = src.checksum_algorithm as ChecksumAlgorithm | null;
    const summer = algorithm ? createChecksummer(algorithm) : undefined;
    const md5 = createHash('md5');
    const size = Number(src.size);
    const stream = size > 0 ? await readObject(ctx.blobs, parseBlobs(src), 0, size - 1) : undefined;
    async function* tap() {
      if (!stream) return;
      for await (const c of stream as AsyncIterable<Buffer>) {
        md5.update(c);
        summer?.update(c);
        yield c;
      }
    }
    const written = await ctx.blobs.write(tap());
    const etag = md5.digest('hex');
    const now = Date.now();
    const checksumValue = summer ? summer.digest().toString('base64') : null;
    let old;
    try {
      old = await putObject(db, {
        bucket: input.bucket,
        key: input.key,
        blobs: JSON.stringify([{ id: written.id, size: written.size }]),
        size: written.size,
        etag,
        last_modified: now,
        content_type: input.replace ? input.replace.contentType : src.content_type,
        headers: input.replace ? JSON.stringify(input.replace.headers) : src.headers,
        checksum_algorithm: algorithm,
        checksum_value: checksumValue,
        parts_count: null,
        owner_account: ctx.caller.accountId || src.owner_account,
      });
    } catch (e) {
      await ctx.blobs.remove([written.id]);
      throw e;
    }
    if (old) await ctx.blobs.remove(parseBlobs(old).map((r) => r.id));
    const result: Array<[string, string]> = [
      ['LastModified', s3Time(now)],
      ['ETag', quoted(etag)],
    ];
    if (algorithm && checksumValue) result.push([`Checksum${algorithm}`, checksumValue]);
    const headers: Record<string, string> = {};
    if (algorithm && checksumValue) headers[checksumHeader(algorithm)] = checksumValue;
    return { xml: xmlDocument('CopyObjectResult', result), headers };
  },
});
