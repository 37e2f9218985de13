/** The file store's start-up clean-up of tmp/: everything when it writes alone; only old files when shared. */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { FILE_SHARED_GRACE_MS, FileObjectStore } from './fileStore.js';

function withTmpFiles(run: (root: string, fresh: string, stale: string) => Promise<void>) {
  const root = mkdtempSync(join(tmpdir(), 'tessera-filestore-'));
  mkdirSync(join(root, 'tmp'));
  const fresh = join(root, 'tmp', 'fresh');
  const stale = join(root, 'tmp', 'stale');
  writeFileSync(fresh, 'another writer, in flight');
  writeFileSync(stale, 'a crashed writer, long ago');
  const old = (Date.now() - FILE_SHARED_GRACE_MS - 60_000) / 1000;
  utimesSync(stale, old, old);
  return run(root, fresh, stale).finally(() => rmSync(root, { recursive: true, force: true }));
}

test('alone: start-up removes every half-written file in tmp/', () =>
  withTmpFiles(async (root, fresh, stale) => {
    await new FileObjectStore(root).init();
    assert.deepEqual([existsSync(fresh), existsSync(stale)], [false, false]);
  }));

test('shared: start-up keeps files younger than the grace period (another writer in flight) and removes older ones', () =>
  withTmpFiles(async (root, fresh, stale) => {
    const store = new FileObjectStore(root).shared();
    assert.equal(store.sweepGraceMs, FILE_SHARED_GRACE_MS);
    await store.init();
    assert.deepEqual([existsSync(fresh), existsSync(stale)], [true, false]);
  }));
