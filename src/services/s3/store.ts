/** Writing a request body into the blob store (the shared step of PutObject, PostObject, UploadPart), and committing it as an object (with its lock). */
import type { ChecksumAlgorithm } from './checksums.js';
import type { RequestBody } from './body.js';
import type { BlobStore } from '../../store/blobs/BlobStore.js';
import type { BlobKeys } from '../../store/blobs/sealed.js';
import type { ObjectWritePrecondition } from '../../store/repos/s3Objects.js';
import { S3Errors } from './errors.js';
import { parseBlobs, quoted } from './objects.js';
import type { S3BucketsTable, S3OperationContext } from './operation.js';
import { storedEtag, type WriteEncryption } from './sse.js';
import { storeTags, type Tag } from './tagging.js';
import { versionHeader, writeVersionId } from './versions.js';
import { newVersionLock, type RequestedLock } from './objectLock.js';
import { expirationHeader } from './lifecycle.js';

export const MAX_PUT_SIZE = 5 * 1024 ** 3;

export interface StoredBody {
  blobId: string;
  size: number;
  /** The ETag: the MD5 of the plaintext, except under SSE-C (sse.ts storedEtag). */
  etag: string;
  checksum?: { algorithm: ChecksumAlgorithm; value: string };
}

/** With `keys`, the bytes are sealed at rest (sse.ts); the MD5 and checksum are the plaintext's. */
export async function storeBody(blobs: BlobStore, body: RequestBody, wantChecksum?: ChecksumAlgorithm, keys?: BlobKeys): Promise<StoredBody> {
  const declared = body.declaredLength();
  if (declared !== undefined && declared > MAX_PUT_SIZE) throw S3Errors.entityTooLarge(declared, MAX_PUT_SIZE);
  async function* capped() {
    let n = 0;
    for await (const c of body.chunks({ wantChecksum })) {
      n += c.length;
      if (n > MAX_PUT_SIZE) throw S3Errors.entityTooLarge(n, MAX_PUT_SIZE);
      yield c;
    }
  }
  // The body's own MD5 pass (the ETag) doubles as the object store's integrity check (BlobDigest).
  const digest = declared === undefined ? undefined : { length: declared, md5: () => body.result?.md5 };
  const { id, size } = await blobs.write(capped(), keys, digest);
  const r = body.result!;
  return { blobId: id, size, etag: storedEtag(r.md5.toString('hex'), keys), ...(r.checksum ? { checksum: r.checksum } : {}) };
}

/** What a new object version is, beyond its bytes. */
export interface NewObject {
  bucket: S3BucketsTable;
  key: string;
  contentType: string;
  headers: Record<string, string>;
  tags?: Tag[] | undefined;
  precondition?: ObjectWritePrecondition | undefined;
  /** The new object's owner and ACL (acl/apply.ts objectWrite): never the replaced version's. */
  owner: string;
  acl: string | null;
  /** The lock headers sent (undefined: none); the bucket's default retention applies either way. */
  lock?: RequestedLock | undefined;
}

/**
 * Commits a stored body as the key's new version (PutObject, PostObject): the bytes are already durable
 * (storeBody), so the metadata that makes them visible commits now; a refused write removes its blob, and
 * the version it replaced (none in a versioned bucket) loses its blobs last. Answers the response headers.
 */
export async function commitBody(ctx: Pick<S3OperationContext, 'deps' | 'blobs'>, o: NewObject, body: StoredBody, enc: WriteEncryption): Promise<Record<string, string>> {
  const versionId = writeVersionId(o.bucket);
  const now = ctx.deps.clock.now();
  let old;
  try {
    const objectLock = newVersionLock(o.bucket, o.lock, now);
    old = await ctx.deps.store.repos.objects.put(
      {
        bucket: o.bucket.name,
        key: o.key,
        blobs: JSON.stringify([{ id: body.blobId, size: body.size }]),
        size: body.size,
        etag: body.etag,
        last_modified: now,
        content_type: o.contentType,
        headers: JSON.stringify({ ...o.headers, ...enc.stored }),
        checksum_algorithm: body.checksum?.algorithm ?? null,
        checksum_value: body.checksum?.value ?? null,
        parts_count: null,
        owner_account: o.owner,
        acl: o.acl,
        version_id: versionId,
        delete_marker: 0,
        tags: storeTags(o.tags),
        object_lock: objectLock,
      },
      o.precondition,
    );
  } catch (e) {
    await ctx.blobs.remove([body.blobId]);
    throw e;
  }
  if (old) await ctx.blobs.remove(parseBlobs(old).map((r) => r.id));
  return {
    ETag: quoted(body.etag),
    ...enc.headers,
    ...versionHeader(o.bucket, versionId),
    ...expirationHeader(o.bucket, { key: o.key, size: body.size, last_modified: now, tags: storeTags(o.tags) }),
  };
}
