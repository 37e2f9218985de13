/**
 * The file object store (`file:DIR`, the default: DIR is <dataDir>/blobs): a blob is the file <xx>/<id>. A
 * write goes to tmp/<id>, is fsynced, renamed into place, and the directory is fsynced; only then may the
 * caller commit the metadata that makes it visible. After a crash, files in tmp/ are half-written and are
 * removed at start-up; a renamed blob whose metadata never committed is invisible (no row names it) until
 * the sweep removes it. An opened blob stays readable even if it is removed meanwhile.
 *
 * A directory other writers share (nodes on one PostgreSQL database given one --object-store file:DIR, or
 * `tessera apply` beside a running server: shared()) keeps every file younger than the grace period, in
 * tmp/ at start-up as in the sweep: another writer's upload in flight is never removed under it.
 */
import { mkdir, open, readdir, rename, rm, stat, unlink, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { BLOB_ID, type BlobReader, type ObjectStore } from './objectStore.js';

/** How long another writer's file may be in flight (its upload, bounded by the request timeout, is far shorter). */
export const FILE_SHARED_GRACE_MS = 3_600_000;

export class FileObjectStore implements ObjectStore {
  readonly kind = 'file' as const;
  private readonly tmpDir: string;
  private readonly knownDirs = new Set<string>();

  /** `sweepGraceMs`: 0 when this process alone writes the directory (its own writes are excluded by start time). */
  constructor(
    readonly root: string,
    public sweepGraceMs = 0,
  ) {
    this.tmpDir = join(root, 'tmp');
  }

  /** Other writers share the directory: files younger than `graceMs` are theirs, possibly in flight. */
  shared(graceMs = FILE_SHARED_GRACE_MS): this {
    this.sweepGraceMs = Math.max(this.sweepGraceMs, graceMs);
    return this;
  }

  get location(): string {
    return `file:${this.root}`;
  }

  async init(): Promise<void> {
    await mkdir(this.tmpDir, { recursive: true, mode: 0o700 });
    // Half-written files of a crashed writer; with other writers, only those past the grace period.
    const before = Date.now() - this.sweepGraceMs;
    for (const name of await readdir(this.tmpDir)) {
      const path = join(this.tmpDir, name);
      if (this.sweepGraceMs > 0) {
        const st = await stat(path).catch(() => undefined);
        if (!st || st.mtimeMs >= before) continue;
      }
      await rm(path, { force: true });
    }
  }

  private dirOf(id: string) {
    return join(this.root, id.slice(0, 2));
  }

  pathOf(id: string): string {
    if (!BLOB_ID.test(id)) throw new Error('invalid blob id');
    return join(this.dirOf(id), id);
  }

  async put(id: string, source: AsyncIterable<Buffer>): Promise<number> {
    if (!BLOB_ID.test(id)) throw new Error('invalid blob id');
    const tmp = join(this.tmpDir, id);
    let fh: FileHandle | undefined = await open(tmp, 'wx', 0o600);
    let size = 0;
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
      return size;
    } catch (e) {
      if (fh) await fh.close().catch(() => undefined);
      await unlink(tmp).catch(() => undefined);
      throw e;
    }
  }

  async open(id: string): Promise<BlobReader> {
    return open(this.pathOf(id), 'r');
  }

  async readAll(id: string): Promise<Buffer> {
    const fh = await open(this.pathOf(id), 'r');
    try {
      const size = (await fh.stat()).size;
      const bytes = Buffer.allocUnsafe(size);
      let got = 0;
      while (got < size) {
        const { bytesRead } = await fh.read(bytes, got, size - got, got);
        if (bytesRead === 0) throw new Error(`blob ${id} shrank while it was read`);
        got += bytesRead;
      }
      return bytes;
    } finally {
      await fh.close();
    }
  }

  async delete(id: string): Promise<void> {
    await unlink(this.pathOf(id)).catch(() => undefined);
  }

  async *list(): AsyncIterable<{ id: string; modifiedMs: number }> {
    for (const dir of await readdir(this.root)) {
      if (!/^[0-9a-f]{2}$/.test(dir)) continue;
      for (const name of await readdir(join(this.root, dir))) {
        if (!BLOB_ID.test(name)) continue;
        const s = await stat(join(this.root, dir, name)).catch(() => undefined);
        if (s) yield { id: name, modifiedMs: s.mtimeMs };
      }
    }
  }

  close(): void {}
}

async function fsyncDir(dir: string) {
  const d = await open(dir, 'r');
  try {
    await d.sync();
  } finally {
    await d.close();
  }
}
