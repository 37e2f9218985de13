/**
 * Objects a service writes into a customer's bucket (CloudTrail's log and digest files): the same blob store,
 * default encryption, Object Lock default and commit as PutObject, owned by the bucket's owner (as AWS's
 * bucket-owner-full-control delivery leaves them), without a request or its authorization — the service
 * checked the bucket policy that lets it write.
 */
import { createHash } from 'node:crypto';
import type { Deps } from '../../server/deps.js';
import { S3Errors } from './errors.js';
import { findBucket } from './resources.js';
import { writeEncryption } from './sse.js';
import { commitBody } from './store.js';

export interface ServiceObject {
  bucket: string;
  key: string;
  bytes: Buffer;
  contentType: string;
  /** Stored headers: content-encoding, x-amz-meta-* (lower case). */
  headers?: Record<string, string>;
}

/** Writes the object (a new version in a versioned bucket); NoSuchBucket when the bucket is gone. */
export async function putServiceObject(deps: Deps, o: ServiceObject): Promise<void> {
  const bucket = await findBucket(deps.store, o.bucket);
  if (!bucket) throw S3Errors.noSuchBucket(o.bucket);
  const enc = writeEncryption(deps.keyring, undefined, bucket, deps.config.s3DefaultEncryption);
  async function* one() {
    yield o.bytes;
  }
  const { id, size } = await deps.blobs.write(one(), enc.keys);
  const etag = createHash('md5').update(o.bytes).digest('hex');
  await commitBody(
    { deps, blobs: deps.blobs },
    { bucket, key: o.key, contentType: o.contentType, headers: o.headers ?? {}, owner: bucket.account_id, acl: null },
    { blobId: id, size, etag },
    enc,
  );
}
