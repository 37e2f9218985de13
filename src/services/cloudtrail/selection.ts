/**
 * Which accounts' S3 data events the recorder keeps: those with a logging trail whose event selectors name
 * S3 objects (as on AWS, data events exist only for a trail that selects them). Kept in memory per store
 * (the recorder's predicate is synchronous, on the request's path) and read again from the trails:
 *  - after each trail change this server makes, before the change is answered (`trailsChanged`);
 *  - when any server's trail change is announced (topic TRAILS_TOPIC, after the change commits; on
 *    PostgreSQL through LISTEN/NOTIFY, so another node follows within the notification's latency plus one
 *    query), and when the notification listener (re)connects (ALL_TOPICS: announcements may have been missed);
 *  - and every store cache TTL (TESSERA_CACHE_TTL_SECONDS, 5 s; 250 ms at least) whatever happens, the bound on staleness
 *    should notifications be lost, as for the other request-path caches.
 * Reads never overlap: a read asked for while one runs is made once it ends (one more at most), so the last
 * read to finish always started after the last change announced.
 */
import type { AuditEntry, Deps } from '../../server/deps.js';
import { ALL_TOPICS, type Store } from '../../store/store.js';
import { selectsData, settingsOf, type EventSelector } from './trails.js';

/** The topic a committed change of a trail's logging state or event selectors (or its deletion) publishes. */
export const TRAILS_TOPIC = 'cloudtrail-trails';

interface Selection {
  map: Map<string, EventSelector[]>;
  /** The read in progress. */
  running?: Promise<void>;
  /** The read that starts when `running` ends: later requests join it. */
  queued?: Promise<void>;
}

const byStore = new WeakMap<Store, Selection>();

function selectionOf(store: Store): Selection {
  let s = byStore.get(store);
  if (!s) byStore.set(store, (s = { map: new Map() }));
  return s;
}

async function read(store: Store): Promise<Map<string, EventSelector[]>> {
  const map = new Map<string, EventSelector[]>();
  for (const t of await store.repos.audit.listTrails()) {
    if (t.logging !== 1) continue;
    const selectors = settingsOf(t).selectors.filter((s) => s.DataResources.length > 0);
    if (selectors.length > 0) map.set(t.account_id, [...(map.get(t.account_id) ?? []), ...selectors]);
  }
  return map;
}

/** Re-reads the trails that select data events; resolves once a read that started after this call is applied. */
export function refreshSelection(deps: Pick<Deps, 'store'>): Promise<void> {
  const s = selectionOf(deps.store);
  if (s.queued) return s.queued;
  const start = async () => {
    s.queued = undefined;
    const r = read(deps.store).then((map) => {
      s.map = map;
    });
    s.running = r;
    try {
      await r;
    } finally {
      if (s.running === r) s.running = undefined;
    }
  };
  if (!s.running) return start();
  return (s.queued = s.running.catch(() => undefined).then(start));
}

/**
 * Announces a committed trail change (every server re-reads its selection) and applies it here before
 * returning, so the answer to the change is only sent once this server records accordingly.
 */
export async function trailsChanged(deps: Pick<Deps, 'store'>): Promise<void> {
  await deps.store.publish(TRAILS_TOPIC);
  await refreshSelection(deps);
}

/**
 * Loads the selection now and keeps it current (announcements, listener resets, every cache TTL);
 * returns the function that stops following.
 */
export function followSelection(deps: Pick<Deps, 'store' | 'logger'>): () => void {
  const refresh = () => void refreshSelection(deps).catch((e: unknown) => deps.logger.error('cloudtrail-selection', e));
  const off = deps.store.onChange((topic) => {
    if (topic === TRAILS_TOPIC || topic === ALL_TOPICS) refresh();
  });
  refresh();
  // A TTL of 0 (caches off) cannot apply to a synchronous predicate: then every 250 ms.
  const timer = setInterval(refresh, Math.max(250, deps.store.cacheTtlMs));
  timer.unref();
  return () => {
    off();
    clearInterval(timer);
  };
}

/** Whether an S3 data event's record is kept: a logging trail of its account selects its bucket and key. */
export function dataEventSelected(store: Store, entry: AuditEntry): boolean {
  const selectors = byStore.get(store)?.map.get(entry.recipientAccountId ?? entry.caller.accountId);
  if (!selectors) return false;
  const i = (entry.input ?? {}) as { bucket?: unknown; key?: unknown };
  if (typeof i.bucket !== 'string') return false;
  return selectsData(selectors, i.bucket, typeof i.key === 'string' && i.key !== '' ? i.key : undefined);
}
