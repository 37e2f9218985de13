/**
 * Removing orphaned blobs: a blob renamed into place whose metadata never committed (the process died in
 * between) is invisible but takes space. At start-up, in the background, every blob file older than this
 * process that no object and no part references is removed. Files written by this process are never
 * touched (their commit may be in flight); on PostgreSQL, where other servers may share the blob directory,
 * only files more than an hour old are considered.
 */
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Store } from '../store.js';
import type { BlobStore } from './BlobStore.js';

export interface SweepResult {
  scanned: number;
  removed: number;
}

async function referenced(store: Store): Promise<Set<string>> {
  const ids = new Set<string>();
  const PAGE = 5000;
  let after: { bucket: string; key: string } | undefined;
  for (;;) {
    const rows = await store.repos.objects.pageBlobLists(after, PAGE);
    for (const r of rows) for (const b of JSON.parse(r.blobs) as Array<{ id: string }>) ids.add(b.id);
    if (rows.length < PAGE) break;
    after = rows[rows.length - 1]!;
  }
  let afterVersion: Parameters<typeof store.repos.objects.pageVersionBlobLists>[0];
  for (;;) {
    const rows = await store.repos.objects.pageVersionBlobLists(afterVersion, PAGE);
    for (const r of rows) for (const b of JSON.parse(r.blobs) as Array<{ id: string }>) ids.add(b.id);
    if (rows.length < PAGE) break;
    afterVersion = rows[rows.length - 1]!;
  }
  for (const id of await store.repos.uploads.listPartBlobIds()) ids.add(id);
  return ids;
}

export async function sweepOrphans(blobs: BlobStore, store: Store, startedAt: number): Promise<SweepResult> {
  const cutoff = store.kind === 'postgres' ? Math.min(startedAt, Date.now() - 3_600_000) : startedAt;
  const candidates: string[] = [];
  for (const dir of await readdir(blobs.root)) {
    if (!/^[0-9a-f]{2}$/.test(dir)) continue;
    for (const name of await readdir(join(blobs.root, dir))) {
      if (!/^[0-9a-f]{32}$/.test(name)) continue;
      const s = await stat(join(blobs.root, dir, name)).catch(() => undefined);
      if (s && s.mtimeMs < cutoff) candidates.push(name);
    }
  }
  if (candidates.length === 0) return { scanned: 0, removed: 0 };
  const refs = await referenced(store);
  const orphans = candidates.filter((id) => !refs.has(id));
  await blobs.remove(orphans);
  return { scanned: candidates.length, removed: orphans.length };
}
