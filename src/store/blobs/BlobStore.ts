/**
 * Object bytes on disk: files under <dataDir>/blobs named by generated ids, never by key, so no key can
 * reach outside the directory. A write goes to tmp/<id>, is fsynced, renamed into <xx>/<id>, and the
 * directory is fsynced; only then may the caller commit the metadata that makes the blob visible. After a
 * crash, files in tmp/ are half-written and are removed at start-up; a renamed blob whose metadata never
 * committed is invisible (no row names it).
 */
import { randomBytes } from 'node:crypto';
import { mkdir, open, readdir, rename, rm, unlink, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { newSealedHeader, openSealed, readSealed, sealStream, type BlobKeys, type SealedFile } from './sealed.js';

export interface BlobRef {
  id: string;
  size: number;
}

export interface BlobWriteResult {
  id: string;
  size: number;
}

const ID = /^[0-9a-f]{32}$/;

/** Blobs up to this size are read whole in one call and may be kept in memory (a 1 KiB GET does no file I/O). */
export const SMALL_BLOB = 64 * 1024;
/** The most memory the small-blob cache holds. */
const SMALL_CACHE_BYTES = 32 * 1024 * 1024;

export class BlobStore {
  private readonly tmpDir: string;
  private readonly knownDirs = new Set<string>();
  /**
   * Small blobs as last read, least recently used first. A blob id is never reused and a blob never changes
   * once written, so a cached copy is the blob; whether an object still names it is the metadata's answer,
   * read on every request.
   */
  private readonly small = new Map<string, Buffer>();
  private smallBytes = 0;

  constructor(readonly root: string) {
    this.tmpDir = join(root, 'tmp');
  }

  /** Creates the directories and removes leftovers of writes that never finished. */
  async init(): Promise<void> {
    await mkdir(this.tmpDir, { recursive: true, mode: 0o700 });
    for (const name of await readdir(this.tmpDir)) await rm(join(this.tmpDir, name), { force: true });
  }

  static newId(): string {
    return randomBytes(16).toString('hex');
  }

  private dirOf(id: string) {
    return join(this.root, id.slice(0, 2));
  }

  pathOf(id: string): string {
    if (!ID.test(id)) throw new Error('invalid blob id');
    return join(this.dirOf(id), id);
  }

  /**
   * Streams `source` into a new blob and makes it durable. `source` may throw (bad digest, bad signature,
   * client gone): the temporary file is then removed and the error rethrown. With `keys`, the blob is sealed
   * (sealed.ts) under a new data key wrapped by them; `size` is then the plaintext's.
   */
  async write(plain: AsyncIterable<Buffer>, keys?: BlobKeys): Promise<BlobWriteResult> {
    const id = BlobStore.newId();
    const tmp = join(this.tmpDir, id);
    let fh: FileHandle | undefined = await open(tmp, 'wx', 0o600);
    let size = 0;
    let plainSize = 0;
    let source = plain;
    if (keys) {
      const { header, dataKey } = newSealedHeader(keys, id);
      source = (async function* () {
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
    }
    try {
      // Writes are queued so that hashing the next chunk overlaps with writing the previous one.
      let pending: Promise<unknown> = Promise.resolve();
      const batch: Buffer[] = [];
      let batchLen = 0;
      const flush = async () => {
        if (batchLen === 0) return;
        const bufs = batch.splice(0);
        batchLen = 0;
        await pending;
        pending = fh!.writev(bufs);
      };
      for await (const chunk of source) {
        size += chunk.length;
        batch.push(chunk);
        batchLen += chunk.length;
        if (batchLen >= 1 << 20) await flush();
      }
      await flush();
      await pending;
      await fh.sync();
      await fh.close();
      fh = undefined;
      const dir = this.dirOf(id);
      if (!this.knownDirs.has(dir)) {
        await mkdir(dir, { recursive: true, mode: 0o700 });
        this.knownDirs.add(dir);
      }
      await rename(tmp, join(dir, id));
      await fsyncDir(dir);
      return { id, size: keys ? plainSize : size };
    } catch (e) {
      if (fh) await fh.close().catch(() => undefined);
      await unlink(tmp).catch(() => undefined);
      throw e;
    }
  }

  /** Opens the blob for reading; the file stays readable even if it is removed meanwhile. */
  async openFile(id: string): Promise<FileHandle> {
    return open(this.pathOf(id), 'r');
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
   * The whole of a small blob (size ≤ SMALL_BLOB), from memory when it was read lately. A sealed blob
   * (`keysFor` given) is opened and checked; its plaintext is kept in memory only when `cache` says so
   * (never an SSE-C object's: its key is the customer's, for one request).
   */
  async readSmall(id: string, size: number, sealed?: { keysFor: (kind: number) => BlobKeys; cache: boolean }): Promise<Buffer> {
    const hit = this.small.get(id);
    if (hit) {
      this.small.delete(id);
      this.small.set(id, hit);
      return hit;
    }
    if (size > SMALL_BLOB) throw new Error('not a small blob');
    if (sealed) {
      const f = await this.openSealed(id, sealed.keysFor);
      const parts: Buffer[] = [];
      try {
        for await (const p of readSealed(f, size, 0, Math.max(0, size - 1))) parts.push(p);
      } finally {
        await f.fh.close();
      }
      const bytes = size === 0 ? Buffer.alloc(0) : Buffer.concat(parts);
      if (sealed.cache) this.remember(id, bytes);
      return bytes;
    }
    const fh = await this.openFile(id);
    let bytes: Buffer;
    try {
      bytes = Buffer.allocUnsafe(size);
      let got = 0;
      while (got < size) {
        const { bytesRead } = await fh.read(bytes, got, size - got, got);
        if (bytesRead === 0) throw new Error(`blob ${id} is shorter than its recorded size`);
        got += bytesRead;
      }
    } finally {
      await fh.close();
    }
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
      await unlink(this.pathOf(id)).catch(() => undefined);
    }
  }
}

async function fsyncDir(dir: string) {
  const d = await open(dir, 'r');
  try {
    await d.sync();
  } finally {
    await d.close();
  }
}
