/**
 * Opens the object-byte store at start-up: the object store (--object-store / TESSERA_OBJECT_STORE: the
 * file store under <dataDir>/blobs by default, a temporary directory removed at exit in --memory mode, or
 * an s3:// backend), its free-space guard (TESSERA_S3_MIN_FREE_BYTES) with, on disk, the reserve that lets
 * deletes commit on a full disk, and a background sweep of blobs an interrupted write left.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Store } from '../store.js';
import { BlobStore } from './BlobStore.js';
import { FileObjectStore } from './fileStore.js';
import { parseObjectStoreUrl, type ObjectStore } from './objectStore.js';
import { S3ObjectStore } from './s3/objectStore.js';
import { parseMinFreeBytes, SpaceGuard } from './space.js';
import { sweepOrphans } from './sweep.js';

export interface ObjectBytes {
  blobs: BlobStore;
  /** The data directory's free-space floor (writes) and reserve (deletes on a full disk). */
  space: SpaceGuard;
}

/**
 * The configured object store: `file:DIR` or `s3://` with its credentials (from the environment only);
 * `timeoutMs`: how long an s3:// backend connection may stay silent during a request (--object-store-timeout).
 */
export function objectStoreOf(url: string, env: NodeJS.ProcessEnv = process.env, timeoutMs?: number): ObjectStore {
  const u = parseObjectStoreUrl(url);
  if (u.kind === 'file') return new FileObjectStore(resolve(u.dir!));
  const accessKeyId = env.TESSERA_OBJECT_STORE_ACCESS_KEY_ID;
  const secretAccessKey = env.TESSERA_OBJECT_STORE_SECRET_ACCESS_KEY;
  if (!accessKeyId || !secretAccessKey) {
    throw new Error('an s3:// object store needs TESSERA_OBJECT_STORE_ACCESS_KEY_ID and TESSERA_OBJECT_STORE_SECRET_ACCESS_KEY');
  }
  return new S3ObjectStore({ protocol: u.protocol!, host: u.host!, port: u.port!, region: u.region!, accessKeyId, secretAccessKey, ...(timeoutMs ? { timeoutMs } : {}) }, u.bucket!, u.prefix);
}

export async function openObjectBytes(opts: {
  memory: boolean;
  dataDir: string;
  store: Store;
  minFreeBytes: string | undefined;
  /** --object-store: undefined = the file store under the data directory. */
  objectStore?: string | undefined;
  /** --object-store-timeout (ms): undefined = S3_IDLE_TIMEOUT_MS. */
  objectStoreTimeoutMs?: number | undefined;
  /** Do not sweep orphaned blobs (tessera apply / export-state beside a running server: its writes in flight are not orphans). */
  skipSweep?: boolean;
  onError: (e: unknown) => void;
}): Promise<ObjectBytes> {
  let objects: ObjectStore;
  let spaceDir: string;
  let onDisk = !opts.memory;
  if (opts.objectStore !== undefined && opts.objectStore !== '') {
    objects = objectStoreOf(opts.objectStore, process.env, opts.objectStoreTimeoutMs);
    if (objects instanceof FileObjectStore) spaceDir = objects.root;
    else if (opts.memory) {
      spaceDir = tmpdir();
      onDisk = false;
    } else {
      // The bytes are the backend's; the floor and reserve still guard the database on the data disk.
      spaceDir = resolve(opts.dataDir);
      mkdirSync(spaceDir, { recursive: true, mode: 0o700 });
    }
  } else if (opts.memory) {
    spaceDir = mkdtempSync(join(tmpdir(), 'tessera-blobs-'));
    const root = spaceDir;
    process.once('exit', () => rmSync(root, { recursive: true, force: true }));
    objects = new FileObjectStore(root);
  } else {
    spaceDir = join(opts.dataDir, 'blobs');
    objects = new FileObjectStore(spaceDir);
  }
  // Other writers may share a file: directory: nodes on one PostgreSQL database given one --object-store
  // file:DIR (the data directory's own blobs/ is the node's alone), or the server this command (apply,
  // export-state: skipSweep) runs beside. Their files in flight must survive this start-up.
  const named = opts.objectStore !== undefined && opts.objectStore !== '';
  if (objects instanceof FileObjectStore && ((opts.store.kind === 'postgres' && named) || opts.skipSweep)) objects.shared();
  const blobs = new BlobStore(objects);
  await blobs.init();
  const space = new SpaceGuard(spaceDir, parseMinFreeBytes(opts.minFreeBytes));
  if (onDisk) await space.keepReserve();
  if (onDisk || objects.kind === 's3') {
    if (opts.skipSweep) return { blobs, space };
    const startedAt = Date.now();
    // In the background: start-up does not wait for a scan of the object store.
    setTimeout(() => {
      sweepOrphans(blobs, opts.store, startedAt)
        .then((r) => {
          if (r.removed > 0) process.stderr.write(`s3: removed ${r.removed} orphaned blob(s) left by an interrupted write\n`);
        })
        .catch(opts.onError);
    }, 200).unref();
  }
  return { blobs, space };
}
