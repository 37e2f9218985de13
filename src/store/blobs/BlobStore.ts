/**
 * Object bytes as the S3 service sees them: blobs named by generated ids, never by key, written once and
 * never changed, kept in an ObjectStore (objectStore.ts: files under the data directory, or an S3 backend
 * such as Ceph). This layer adds what both stores share: sealing (SSE, sealed.ts) before bytes reach the
 * store, opening sealed blobs, and a small-blob cache. The store's crash rules hold: `write` resolves once
 * the bytes are durable; only then may the caller commit the metadata that makes the blob visible.
 */
import { randomBytes } from 'node:crypto';
import { bufferReader, type BlobDigest, type BlobReader, type ObjectStore } from './objectStore.js';
import { FileObjectStore } from './fileStore.js';
import { newSealedHeader, openSealed, readSealed, sealStream, type BlobKeys, type SealedFile } from './sealed.js';

export interface BlobRef {
  id: string;
  size: number;
}

export interface BlobWriteResult {
  id: string;
  size: number;
}

/** Blobs up to this size are read whole in one call and may be kept in memory (a 1 KiB GET does no file I/O). */
export const SMALL_BLOB = 64 * 1024;
/** The most memory the small-blob cache holds. */
const SMALL_CACHE_BYTES = 32 * 1024 * 1024;

export class BlobStore {
  /**
   * Small blobs as last read, least recently used first. A blob id is never reused and a blob never changes
   * once written, so a cached copy is the blob; whether an object still names it is the metadata's answer,
   * read on every request.
   */
  private readonly small = new Map<string, Buffer>();
  private smallBytes = 0;
  readonly store: ObjectStore;

  /** A directory (the file store there) or an object store. */
  constructor(store: string | ObjectStore) {
    this.store = typeof store === 'string' ? new FileObjectStore(store) : store;
  }

  /** Prepares the store and removes leftovers of this node's writes that never finished. */
  async init(): Promise<void> {
    await this.store.init();
  }

  /** The file of a blob in the file store (tests that alter bytes on disk). */
  pathOf(id: string): string {
    if (!(this.store instanceof FileObjectStore)) throw new Error('not a file object store');
    return this.store.pathOf(id);
  }

  static newId(): string {
    return randomBytes(16).toString('hex');
  }

  /**
   * Streams `source` into a new blob and makes it durable. `source` may throw (bad digest, bad signature,
   * client gone): nothing is then kept and the error rethrown. With `keys`, the blob is sealed (sealed.ts)
   * under a new data key wrapped by them; `size` is then the plaintext's. `digest` (the plaintext's length
   * and MD5) reaches the store only when the blob is not sealed: a sealed blob's bytes are others.
   */
  async write(plain: AsyncIterable<Buffer>, keys?: BlobKeys, digest?: BlobDigest): Promise<BlobWriteResult> {
    const id = BlobStore.newId();
    if (!keys) return { id, size: await this.store.put(id, plain, digest) };
    let plainSize = 0;
    const { header, dataKey } = newSealedHeader(keys, id);
    const sealed = (async function* () {
      yield header;
      yield* sealStream(
        (async function* () {
          for await (const c of plain) {
            plainSize += c.length;
            yield c;
          }
        })(),
        dataKey,
      );
    })();
    await this.store.put(id, sealed);
    return { id, size: plainSize };
  }

  /** Opens the blob for reading (ENOENT when it is gone); `first`: the range that will be streamed first. */
  async openFile(id: string, first?: { start: number; end: number }): Promise<BlobReader> {
    return this.store.open(id, first);
  }

  /** Opens a sealed blob: its header read and its data key unwrapped (SealedBlobError when it does not open). */
  async openSealed(id: string, keysFor: (kind: number) => BlobKeys): Promise<SealedFile> {
    const fh = await this.openFile(id);
    try {
      return await openSealed(fh, id, keysFor);
    } catch (e) {
      await fh.close();
      throw e;
    }
  }

  /**
   * The whole of a small blob (size ≤ SMALL_BLOB), from memory when it was read lately, else in one read of
   * the store. A sealed blob (`keysFor` given) is opened and checked; its plaintext is kept in memory only
   * when `cache` says so (never an SSE-C object's: its key is the customer's, for one request).
   */
  async readSmall(id: string, size: number, sealed?: { keysFor: (kind: number) => BlobKeys; cache: boolean }): Promise<Buffer> {
    const hit = this.small.get(id);
    if (hit) {
      this.small.delete(id);
      this.small.set(id, hit);
      return hit;
    }
    if (size > SMALL_BLOB) throw new Error('not a small blob');
    const raw = await this.store.readAll(id);
    if (sealed) {
      const f = await openSealed(bufferReader(raw), id, sealed.keysFor);
      const parts: Buffer[] = [];
      for await (const p of readSealed(f, size, 0, Math.max(0, size - 1))) parts.push(p);
      const bytes = size === 0 ? Buffer.alloc(0) : Buffer.concat(parts);
      if (sealed.cache) this.remember(id, bytes);
      return bytes;
    }
    if (raw.length < size) throw new Error(`blob ${id} is shorter than its recorded size`);
    const bytes = raw.length === size ? raw : raw.subarray(0, size);
    this.remember(id, bytes);
    return bytes;
  }

  private remember(id: string, bytes: Buffer) {
    this.small.set(id, bytes);
    this.smallBytes += bytes.length;
    for (const [old, b] of this.small) {
      if (this.smallBytes <= SMALL_CACHE_BYTES) break;
      this.small.delete(old);
      this.smallBytes -= b.length;
    }
  }

  /** Removes blobs no longer referenced (after the metadata that referenced them was committed away). */
  async remove(ids: Iterable<string>): Promise<void> {
    for (const id of ids) {
      const cached = this.small.get(id);
      if (cached) {
        this.small.delete(id);
        this.smallBytes -= cached.length;
      }
      await this.store.delete(id).catch(() => undefined);
    }
  }
}
