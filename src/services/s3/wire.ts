/**
 * Connects S3 to the server at start-up: the blob store under <dataDir>/blobs (a temporary directory,
 * removed at exit, in --memory mode).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Deps } from '../../server/deps.js';
import { BlobStore } from './blobs/BlobStore.js';
import { parseMinFreeBytes, SpaceGuard } from './blobs/space.js';
import { sweepOrphans } from './blobs/sweep.js';

export interface S3Runtime {
  blobs: BlobStore;
  space: SpaceGuard;
}

const runtimes = new WeakMap<Deps, S3Runtime>();

export function s3Runtime(deps: Deps): S3Runtime {
  const r = runtimes.get(deps);
  if (!r) throw new Error('S3 is not wired');
  return r;
}

export async function wireS3(deps: Deps): Promise<void> {
  let root: string;
  if (deps.config.memory) {
    root = mkdtempSync(join(tmpdir(), 'tessera-blobs-'));
    process.once('exit', () => rmSync(root, { recursive: true, force: true }));
  } else {
    root = join(deps.config.dataDir, 'blobs');
  }
  const blobs = new BlobStore(root);
  await blobs.init();
  // The free-space floor (TESSERA_S3_MIN_FREE_BYTES) and, on disk, the reserve that lets deletes commit on a full disk.
  const space = new SpaceGuard(root, parseMinFreeBytes(process.env.TESSERA_S3_MIN_FREE_BYTES));
  if (!deps.config.memory) await space.keepReserve();
  runtimes.set(deps, { blobs, space });
  if (!deps.config.memory && !deps.config.skipBlobSweep) {
    const startedAt = Date.now();
    // In the background: start-up does not wait for a scan of the blob directory.
    setTimeout(() => {
      sweepOrphans(blobs, deps.store, startedAt)
        .then((r) => {
          if (r.removed > 0) process.stderr.write(`s3: removed ${r.removed} orphaned blob(s) left by an interrupted write\n`);
        })
        .catch((e: unknown) => deps.logger.error('s3-sweep', e));
    }, 200).unref();
  }
}
