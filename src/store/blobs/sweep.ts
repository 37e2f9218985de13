/**
 * Removing orphaned blobs: a blob made durable whose metadata never committed (the process died in
 * between) is invisible but takes space. At start-up, in the background, every blob older than this
 * process that no object and no part references is removed. Blobs written by this process are never
 * touched (their commit may be in flight); where other servers may share the object store (PostgreSQL, or
 * an s3:// store shared by nodes), only blobs older than the store's grace period (an hour) are considered,
 * so another node's write in flight is never removed. An s3:// store's backend multipart uploads that never
 * completed are aborted after a day.
 */
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
  const grace = store.kind === 'postgres' ? Math.max(3_600_000, blobs.store.sweepGraceMs) : blobs.store.sweepGraceMs;
  const cutoff = Math.min(startedAt, Date.now() - grace);
  const candidates: string[] = [];
  for await (const b of blobs.store.list()) if (b.modifiedMs < cutoff) candidates.push(b.id);
  if (blobs.store.sweepUploads) await blobs.store.sweepUploads(24 * 3_600_000);
  if (candidates.length === 0) return { scanned: 0, removed: 0 };
  const refs = await referenced(store);
  const orphans = candidates.filter((id) => !refs.has(id));
  await blobs.remove(orphans);
  return { scanned: candidates.length, removed: orphans.length };
}
