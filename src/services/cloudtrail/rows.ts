/**
 * CloudTrail records as the store's rows: what the recorder's writer (on the server's thread or its own,
 * services/cloudtrail/writer.ts) turns a batch of calls into.
 */
import type { AuditEntry } from '../../server/deps.js';
import type { AuditBatch } from '../../store/repos/audit.js';
import { buildRecord, type BuiltRecord } from './record.js';

/**
 * A record's row (LookupEvents' attributes as columns: the first resource name and type among them) and, for
 * a management event naming more than one resource name or type, the side rows of the others.
 */
export function auditRows(r: BuiltRecord): { event: AuditBatch['events'][number]; extra: AuditBatch['lookup'] } {
  const s = r.summary;
  const m = r.management;
  const res = s.Resources;
  const event = {
    event_id: r.eventId,
    account_id: r.accountId,
    event_time: r.at,
    management: m ? 1 : 0,
    record: r.json,
    summary: JSON.stringify(s),
    event_name: m ? s.EventName : null,
    event_source: m ? s.EventSource : null,
    read_only: m ? s.ReadOnly : null,
    username: m ? (s.Username ?? null) : null,
    access_key_id: m ? (s.AccessKeyId ?? null) : null,
    resource_name: m ? (res[0]?.ResourceName ?? null) : null,
    resource_type: m ? (res[0]?.ResourceType ?? null) : null,
  };
  const extra: AuditBatch['lookup'] = [];
  if (m && res.length > 1) {
    const names: string[] = [res[0]!.ResourceName];
    const types: string[] = [res[0]!.ResourceType];
    const base = { account_id: r.accountId, event_time: r.at, event_id: r.eventId };
    for (const x of res) {
      if (!names.includes(x.ResourceName)) {
        names.push(x.ResourceName);
        extra.push({ ...base, attr: 'ResourceName', value: x.ResourceName });
      }
      if (!types.includes(x.ResourceType)) {
        types.push(x.ResourceType);
        extra.push({ ...base, attr: 'ResourceType', value: x.ResourceType });
      }
    }
  }
  return { event, extra };
}

/**
 * The rows of a batch of calls. `sealed`: by index in `entries`, a denial's explained decision sealed for the
 * account's admins (the recorder seals it on the server's thread, where the key ring is). A call whose record
 * cannot be built is reported to `failed` and left out.
 */
export function batchOf(entries: AuditEntry[], sealed: ReadonlyMap<number, string>, failed: (e: unknown) => void): AuditBatch {
  const batch: AuditBatch = { events: [], lookup: [] };
  entries.forEach((e, i) => {
    try {
      const { event, extra } = auditRows(buildRecord(e, sealed.get(i)));
      batch.events.push(event);
      for (const x of extra) batch.lookup.push(x);
    } catch (err) {
      failed(err);
    }
  });
  return batch;
}
