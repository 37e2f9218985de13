import { s3Time, xmlDocument } from '../../../protocol/restxml/encode.js';
import { checksumHeader, type ChecksumAlgorithm } from '../checksums.js';
import { copyChecks, loadCopyBuckets, copySourceBytes, type CopySource } from '../copySource.js';
import { S3Errors } from '../errors.js';
import { validateKey } from '../names.js';
import { parseBlobs, quoted, storedHeadersFrom } from '../objects.js';
import { defineS3Operation } from '../operation.js';
import { copySourceCustomerKey, requestedEncryption, sseConditionKeys, withoutEncryption, writeEncryption } from '../sse.js';
import { decodeWriteAcl, objectWrite } from '../acl/apply.js';
import { taggedWriteChecks } from '../resources.js';
import { parseTaggingHeader, storeTags } from '../tagging.js';
import { parseVersionId, versionHeader, writeVersionId } from '../versions.js';
import { lockContext, newVersionLock, parseLockHeaders } from '../objectLock.js';

export function parseCopySource(v: string, req?: { backendVersionIds?: boolean }): CopySource {
  let s = v;
  let versionId: string | undefined;
  const q = s.indexOf('?');
  if (q >= 0) {
    const params = new URLSearchParams(s.slice(q + 1));
    if ([...params.keys()].some((k) => k !== 'versionId')) throw S3Errors.invalidArgument('Invalid copy source object key', 'x-amz-copy-source', v);
    versionId = parseVersionId(params.get('versionId'), req);
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
  return { bucket: s.slice(0, slash), key: s.slice(slash + 1), versionId };
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
 * PUT /bucket/key with x-amz-copy-source (?versionId= names a source version): needs s3:GetObject (or
 * s3:GetObjectVersion) on the source (and its bucket's policy) and s3:PutObject on the target (with new
 * tags also s3:PutObjectTagging). Metadata and tags: COPY (default) or REPLACE (from this request's headers).
 */
export const CopyObject = defineS3Operation({
  name: 'CopyObject',
  route: { method: 'PUT', target: 'object', headers: ['x-amz-copy-source'] },
  decode(req) {
    const sse = requestedEncryption(req);
    const sourceKey = copySourceCustomerKey(req);
    const key = req.key;
    validateKey(key);
    const source = parseCopySource(req.header('x-amz-copy-source')!, req);
    const directive = (req.header('x-amz-metadata-directive') ?? 'COPY').toUpperCase();
    if (directive !== 'COPY' && directive !== 'REPLACE') throw S3Errors.invalidArgument('Unknown metadata directive.', 'x-amz-metadata-directive', directive);
    const tagging = (req.header('x-amz-tagging-directive') ?? 'COPY').toUpperCase();
    if (tagging !== 'COPY' && tagging !== 'REPLACE') throw S3Errors.invalidArgument('Unknown tagging directive.', 'x-amz-tagging-directive', tagging);
    if (source.bucket === req.bucket && source.key === key && source.versionId === undefined && directive === 'COPY' && sse === undefined) {
      throw S3Errors.invalidRequest(
        "This copy request is illegal because it is trying to copy an object to itself without changing the object's metadata, storage class, website redirect location or encryption attributes.",
      );
    }
    return {
      bucket: req.bucket,
      key,
      source,
      replace: directive === 'REPLACE' ? storedHeadersFrom(req.header, req.rawHeaders) : undefined,
      // REPLACE: the tags of x-amz-tagging (or none); COPY: the source's.
      tags: tagging === 'REPLACE' ? (parseTaggingHeader(req.header('x-amz-tagging')) ?? []) : undefined,
      conditions: sourceConditions(req.header),
      sse,
      sourceKey,
      sseKeys: sseConditionKeys(req),
      writeAcl: decodeWriteAcl(req.header),
      // The copy's lock: these headers or the target bucket's default (never the source's).
      lock: parseLockHeaders(req.header),
    };
  },
  prepare: (input, ctx) => loadCopyBuckets(ctx, input),
  checks: (input, ctx, buckets) =>
    copyChecks(
      input,
      buckets,
      taggedWriteChecks(buckets.dst, input.key, input.tags?.length ? input.tags : undefined, {
        ...input.sseKeys,
        ...input.writeAcl.context,
        ...lockContext(input.lock, ctx.deps.clock.now()),
      }),
    ),
  async handle(input, ctx, buckets) {
    const { owner, acl } = await objectWrite(ctx, input.bucket, input.key, input.writeAcl);
    const objectLock = newVersionLock(buckets.dst, input.lock, ctx.deps.clock.now());
    // The copy is encrypted as the request or the target bucket says, not as its source was.
    const enc = writeEncryption(ctx.deps.keyring, input.sse, buckets.dst, ctx.deps.config.s3DefaultEncryption);
    const { src, written, etag, checksum } = await copySourceBytes(ctx, input.source, input.conditions, {
      algorithm: (o) => o.checksum_algorithm as ChecksumAlgorithm | null,
      keys: enc.keys,
      sourceKey: input.sourceKey,
    });
    const algorithm = src.checksum_algorithm as ChecksumAlgorithm | null;
    const now = ctx.deps.clock.now();
    const versionId = writeVersionId(buckets.dst);
    let old;
    try {
      old = await ctx.deps.store.repos.objects.put({
        bucket: input.bucket,
        key: input.key,
        blobs: JSON.stringify([{ id: written.id, size: written.size }]),
        size: written.size,
        etag,
        last_modified: now,
        content_type: input.replace ? input.replace.contentType : src.content_type,
        headers: JSON.stringify({ ...(input.replace ? input.replace.headers : withoutEncryption(src.headers)), ...enc.stored }),
        checksum_algorithm: algorithm,
        checksum_value: checksum,
        parts_count: null,
        owner_account: owner,
        acl,
        version_id: versionId,
        delete_marker: 0,
        tags: input.tags ? storeTags(input.tags) : src.tags,
        object_lock: objectLock,
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
    if (algorithm && checksum) result.push([`Checksum${algorithm}`, checksum]);
    const headers: Record<string, string> = { ...enc.headers, ...versionHeader(buckets.dst, versionId) };
    if (buckets.src.versioning) headers['x-amz-copy-source-version-id'] = src.version_id;
    if (algorithm && checksum) headers[checksumHeader(algorithm)] = checksum;
    return { xml: xmlDocument('CopyObjectResult', result), headers };
  },
});
