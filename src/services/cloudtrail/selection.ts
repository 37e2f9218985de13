/**
 * Which accounts' S3 data events the recorder keeps: those with a logging trail whose event selectors name
 * S3 objects (as on AWS, data events exist only for a trail that selects them). Kept in memory per store
 * (the recorder's predicate is synchronous, on the request's path) and refreshed from the trails on every
 * delivery tick and after each trail change this server makes.
 */
import type { AuditEntry, Deps } from '../../server/deps.js';
import type { Store } from '../../store/store.js';
import { selectsData, settingsOf, type EventSelector } from './trails.js';

const byStore = new WeakMap<Store, Map<string, EventSelector[]>>();

/** Re-reads the trails that select data events. */
export async function refreshSelection(deps: Pick<Deps, 'store'>): Promise<void> {
  const map = new Map<string, EventSelector[]>();
  for (const t of await deps.store.repos.audit.listTrails()) {
    if (t.logging !== 1) continue;
    const selectors = settingsOf(t).selectors.filter((s) => s.DataResources.length > 0);
    if (selectors.length > 0) map.set(t.account_id, [...(map.get(t.account_id) ?? []), ...selectors]);
  }
  byStore.set(deps.store, map);
}

/** Whether an S3 data event's record is kept: a logging trail of its account selects its bucket and key. */
export function dataEventSelected(store: Store, entry: AuditEntry): boolean {
  const selectors = byStore.get(store)?.get(entry.recipientAccountId ?? entry.caller.accountId);
  if (!selectors) return false;
  const i = (entry.input ?? {}) as { bucket?: unknown; key?: unknown };
  if (typeof i.bucket !== 'string') return false;
  return selectsData(selectors, i.bucket, typeof i.key === 'string' && i.key !== '' ? i.key : undefined);
}
