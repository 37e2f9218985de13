/** Writing a request body into the blob store (the shared step of PutObject, UploadPart). */
import type { ChecksumAlgorithm } from './checksums.js';
import type { RequestBody } from './body.js';
import type { BlobStore } from '../../store/blobs/BlobStore.js';
import type { BlobKeys } from '../../store/blobs/sealed.js';
import { S3Errors } from './errors.js';

export const MAX_PUT_SIZE = 5 * 1024 ** 3;

export interface StoredBody {
  blobId: string;
  size: number;
  md5Hex: string;
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
  const { id, size } = await blobs.write(capped(), keys);
  const r = body.result!;
  return { blobId: id, size, md5Hex: r.md5.toString('hex'), ...(r.checksum ? { checksum: r.checksum } : {}) };
}
