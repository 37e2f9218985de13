/**
 * Opens the object-byte store at start-up: the blob store under <dataDir>/blobs (a temporary directory,
 * removed at exit, in --memory mode), its free-space guard (TESSERA_S3_MIN_FREE_BYTES) with, on disk, the
 * reserve that lets deletes commit on a full disk, and a background sweep of blobs an interrupted write left.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Store } from '../store.js';
import { BlobStore } from './BlobStore.js';
import { parseMinFreeBytes, SpaceGuard } from './space.js';
import { sweepOrphans } from './sweep.js';

export interface ObjectBytes {
  blobs: BlobStore;
  /** The data directory's free-space floor (writes) and reserve (deletes on a full disk). */
  space: SpaceGuard;
}

export async function openObjectBytes(opts: {
  memory: boolean;
  dataDir: string;
  store: Store;
  minFreeBytes: string | undefined;
  /** Do not sweep orphaned blobs (tessera apply / export-state beside a running server: its writes in flight are not orphans). */
  skipSweep?: boolean;
  onError: (e: unknown) => void;
}): Promise<ObjectBytes> {
  let root: string;
  if (opts.memory) {
    root = mkdtempSync(join(tmpdir(), 'tessera-blobs-'));
    process.once('exit', () => rmSync(root, { recursive: true, force: true }));
  } else {
    root = join(opts.dataDir, 'blobs');
  }
  const blobs = new BlobStore(root);
  await blobs.init();
  const space = new SpaceGuard(root, parseMinFreeBytes(opts.minFreeBytes));
  if (!opts.memory) await space.keepReserve();
  if (!opts.memory && !opts.skipSweep) {
    const startedAt = Date.now();
    // In the background: start-up does not wait for a scan of the blob directory.
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
