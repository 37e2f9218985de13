/**
 * The file object store (`file:DIR`, the default: DIR is <dataDir>/blobs): a blob is the file <xx>/<id>. A
 * write goes to tmp/<id>, is fsynced, renamed into place, and the directory is fsynced; only then may the
 * caller commit the metadata that makes it visible. After a crash, files in tmp/ are half-written and are
 * removed at start-up; a renamed blob whose metadata never committed is invisible (no row names it) until
 * the sweep removes it. An opened blob stays readable even if it is removed meanwhile.
 */
import { mkdir, open, readdir, rename, rm, stat, unlink, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { BLOB_ID, type BlobReader, type ObjectStore } from './objectStore.js';

export class FileObjectStore implements ObjectStore {
  readonly kind = 'file' as const;
  private readonly tmpDir: string;
  private readonly knownDirs = new Set<string>();

  /** `sweepGraceMs`: 0 when this process alone writes the directory (its own writes are excluded by start time). */
  constructor(
    readonly root: string,
    readonly sweepGraceMs = 0,
  ) {
    this.tmpDir = join(root, 'tmp');
  }

  get location(): string {
    return `file:${this.root}`;
  }

  async init(): Promise<void> {
    await mkdir(this.tmpDir, { recursive: true, mode: 0o700 });
    for (const name of await readdir(this.tmpDir)) await rm(join(this.tmpDir, name), { force: true });
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
