/**
 * The lifecycle sweep: every `--lifecycle-interval` seconds, the one server holding the lease (s3_leases, so
 * N servers on one PostgreSQL take turns) carries out each bucket's enabled rules on the server's clock —
 * current versions expire (a delete marker in a versioned bucket, gone in an unversioned one), noncurrent
 * versions expire (keeping NewerNoncurrentVersions), lone delete markers go (ExpiredObjectDeleteMarker),
 * incomplete multipart uploads are aborted. A version under Object Lock retention or legal hold is never
 * expired. Blobs go only after the commit that dropped them. A Days-based action falls due at the midnight
 * UTC after its days have passed, as AWS rounds it (lifecycleDueAt). The same pass removes the answers of
 * multipart uploads completed longer ago than a retry is answered (REPEAT_WINDOW_MS), so that completing an
 * upload only inserts its answer.
 */
import { randomBytes } from 'node:crypto';
import type { Deps } from '../../server/deps.js';
import type { S3BucketsTable, S3ObjectsTable } from '../../store/schema-s3.js';
import type { LifecycleRule } from './lifecycle.js';
import { lifecycleDueAt, ruleMatches } from './lifecycle.js';
import { assertDeletable } from './objectLock.js';
import { REPEAT_WINDOW_MS } from './multipart.js';
import { parseBlobs } from './objects.js';
import { loadTags } from './tagging.js';
import { writeVersionId } from './versions.js';

const PAGE = 500;
const holder = randomBytes(12).toString('hex');

const due = (since: number, days: number, now: number) => lifecycleDueAt(since, days) <= now;

/**
 * One pass over every bucket with lifecycle rules, after removing completed uploads' answers past their
 * window; returns how many versions and uploads it removed.
 */
export async function sweepLifecycle(deps: Deps, leaseMs: number): Promise<number | 'not-leader'> {
  const now = deps.clock.now();
  if (!(await deps.store.repos.lifecycle.takeLease('s3-lifecycle', holder, now, now + leaseMs))) return 'not-leader';
  await deps.store.repos.uploads.forgetCompleted(now - REPEAT_WINDOW_MS);
  let done = 0;
  let after: string | undefined;
  for (;;) {
    const buckets = await deps.store.repos.buckets.pageWithLifecycle(after, 100);
    for (const b of buckets) {
      for (const rule of JSON.parse(b.lifecycle!) as LifecycleRule[]) if (rule.enabled) done += await applyRule(deps, b, rule, now);
    }
    if (buckets.length < 100) return done;
    after = buckets[buckets.length - 1]!.name;
  }
}

async function applyRule(deps: Deps, b: S3BucketsTable, rule: LifecycleRule, now: number): Promise<number> {
  let n = 0;
  if (rule.expirationDays !== undefined || rule.expirationDate !== undefined) n += await expireCurrent(deps, b, rule, now);
  if (rule.noncurrentDays !== undefined) n += await expireNoncurrent(deps, b, rule, now);
  if (rule.expiredObjectDeleteMarker) n += await removeLoneMarkers(deps, b, rule, now);
  if (rule.abortDays !== undefined) n += await abortUploads(deps, b, rule, now);
  return n;
}

const prefixOf = (rule: LifecycleRule) => rule.filter.prefix ?? '';

async function removeBlobsOf(deps: Deps, row: S3ObjectsTable | undefined) {
  if (row) await deps.blobs.remove(parseBlobs(row).map((r) => r.id));
}

async function expireCurrent(deps: Deps, b: S3BucketsTable, rule: LifecycleRule, now: number): Promise<number> {
  const { objects } = deps.store.repos;
  const prefix = prefixOf(rule);
  const date = rule.expirationDate !== undefined ? Date.parse(rule.expirationDate) : undefined;
  if (date !== undefined && date > now) return 0;
  let n = 0;
  let from = prefix;
  let exclusive = false;
  for (;;) {
    const page = await objects.scanKeys(b.name, from, exclusive, undefined, PAGE);
    const inside = page.filter((o) => o.key.startsWith(prefix));
    for (const o of inside) {
      if (rule.expirationDays !== undefined && !due(Number(o.last_modified), rule.expirationDays, now)) continue;
      const tags = rule.filter.tags?.length ? loadTags((await objects.get(b.name, o.key))?.tags ?? null) : [];
      if (!ruleMatches(rule.filter, o.key, Number(o.size), tags)) continue;
      if (!b.versioning) {
        await removeBlobsOf(deps, await objects.delete(b.name, o.key));
      } else {
        const marker = { ...markerRow(b, o.key, now), owner_account: o.owner_account };
        await removeBlobsOf(deps, await objects.put(marker));
      }
      n++;
    }
    if (page.length < PAGE || inside.length < page.length) return n;
    from = page[page.length - 1]!.key;
    exclusive = true;
  }
}

function markerRow(b: S3BucketsTable, key: string, now: number): S3ObjectsTable {
  return {
    bucket: b.name,
    key,
    blobs: '[]',
    size: 0,
    etag: '',
    last_modified: now,
    content_type: '',
    headers: '{}',
    checksum_algorithm: null,
    checksum_value: null,
    parts_count: null,
    owner_account: b.account_id,
    version_id: writeVersionId(b),
    delete_marker: 1,
    tags: null,
    object_lock: null,
  };
}

/** Deletes one version unless Object Lock protects it (decided inside the deletion's transaction). */
async function expireVersion(deps: Deps, b: S3BucketsTable, key: string, versionId: string, now: number): Promise<boolean> {
  try {
    const found = await deps.store.repos.objects.deleteVersion(b.name, key, versionId, (row) => assertDeletable(row, now, false));
    await removeBlobsOf(deps, found?.row);
    return found !== undefined;
  } catch (e) {
    if (e instanceof Error && e.name === 'ServiceError') return false;
    throw e;
  }
}

async function expireNoncurrent(deps: Deps, b: S3BucketsTable, rule: LifecycleRule, now: number): Promise<number> {
  const prefix = prefixOf(rule);
  const keep = rule.newerNoncurrentVersions ?? 0;
  let n = 0;
  let after: { key: string; seq: number } | undefined;
  let key = '';
  let index = 0;
  for (;;) {
    const page = await deps.store.repos.lifecycle.pageNoncurrent(b.name, prefix, after, PAGE);
    for (const v of page) {
      if (!v.key.startsWith(prefix)) return n;
      if (v.key !== key) [key, index] = [v.key, 0];
      const newer = index++;
      if (newer < keep || !due(v.noncurrent_since, rule.noncurrentDays!, now)) continue;
      const row = JSON.parse(v.row) as S3ObjectsTable;
      if (!ruleMatches(rule.filter, v.key, v.size, loadTags(row.tags))) continue;
      if (await expireVersion(deps, b, v.key, v.version_id, now)) n++;
    }
    if (page.length < PAGE) return n;
    const last = page[page.length - 1]!;
    after = { key: last.key, seq: last.seq };
  }
}

async function removeLoneMarkers(deps: Deps, b: S3BucketsTable, rule: LifecycleRule, now: number): Promise<number> {
  const prefix = prefixOf(rule);
  let n = 0;
  let after: string | undefined;
  for (;;) {
    const page = await deps.store.repos.lifecycle.pageLoneMarkers(b.name, prefix, after, PAGE);
    for (const m of page) {
      if (!m.key.startsWith(prefix)) return n;
      if (await expireVersion(deps, b, m.key, m.version_id, now)) n++;
    }
    if (page.length < PAGE) return n;
    after = page[page.length - 1]!.key;
  }
}

async function abortUploads(deps: Deps, b: S3BucketsTable, rule: LifecycleRule, now: number): Promise<number> {
  const { uploads } = deps.store.repos;
  const prefix = prefixOf(rule);
  let n = 0;
  let keyMarker = '';
  let idMarker = '';
  for (;;) {
    const page = await uploads.listInBucket(b.name, prefix, keyMarker, idMarker, PAGE);
    for (const u of page) {
      if (!u.key.startsWith(prefix)) return n;
      if (!due(Number(u.initiated), rule.abortDays!, now)) continue;
      const parts = await uploads.deleteWithParts(u.upload_id);
      if (parts) {
        await deps.blobs.remove(parts.map((p) => p.blob_id));
        n++;
      }
    }
    if (page.length < PAGE) return n;
    keyMarker = page[page.length - 1]!.key;
    idMarker = page[page.length - 1]!.upload_id;
  }
}

/** Starts the periodic sweep; returns its stop function. Errors are logged, never thrown. */
export function startLifecycleSweep(deps: Deps, intervalMs: number): () => void {
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    sweepLifecycle(deps, Math.max(intervalMs * 2, 60_000))
      .catch((e: unknown) => deps.logger.error('s3-lifecycle', e))
      .finally(() => {
        running = false;
      });
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
