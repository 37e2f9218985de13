/**
 * The audit trail's recorder. The pipeline calls `record` once per call after its answer is encoded (an
 * array push: no I/O, no promise, never throws); every FLUSH_EVERY_MS the pending calls become CloudTrail
 * records (record.ts) and are written with LookupEvents' index rows in short transactions of CHUNK records,
 * off any request, and once more when the server closes. LookupEvents and trail deliveries flush first.
 *
 * What a crash can lose: the records of calls answered in the last FLUSH_EVERY_MS (at most one second)
 * before it, and of a batch being written when it happened (its transactions commit CHUNK records at a
 * time, so a batch is kept whole up to its last committed chunk). A write the store refuses is logged and
 * its records dropped, never retried into an unbounded queue; beyond MAX_PENDING waiting calls (the store far
 * behind) new calls are counted and dropped, and the count logged.
 *
 * Retention: records older than --audit-retention-days are deleted by a sweep every hour (and at start-up).
 */
import type { AuditEntry, AuditRecorder, Deps } from '../../server/deps.js';
import type { AuditBatch } from '../../store/repos/audit.js';
import type { Decision } from '../../policy/index.js';
import { encodeAuthorizationMessage } from '../sts/api.js';
import { buildRecord, isS3DataEvent, type BuiltRecord } from './record.js';

export const FLUSH_EVERY_MS = 1000;
const MAX_PENDING = 100_000;
const CHUNK = 2000;
const SWEEP_EVERY_MS = 3_600_000;

/** The rows LookupEvents finds a management event by: one per lookup attribute and value. */
export function lookupRows(r: BuiltRecord): AuditBatch['lookup'] {
  if (!r.management) return [];
  const account_id = r.accountId;
  const event_time = r.at;
  const event_id = r.eventId;
  const s = r.summary;
  const rows: AuditBatch['lookup'] = [
    { account_id, attr: 'EventId', value: event_id, event_time, event_id },
    { account_id, attr: 'EventName', value: s.EventName, event_time, event_id },
    { account_id, attr: 'EventSource', value: s.EventSource, event_time, event_id },
    { account_id, attr: 'ReadOnly', value: s.ReadOnly, event_time, event_id },
  ];
  if (s.Username) rows.push({ account_id, attr: 'Username', value: s.Username, event_time, event_id });
  if (s.AccessKeyId) rows.push({ account_id, attr: 'AccessKeyId', value: s.AccessKeyId, event_time, event_id });
  const names: string[] = [];
  const types: string[] = [];
  for (const res of s.Resources) {
    if (!names.includes(res.ResourceName)) names.push(res.ResourceName);
    if (!types.includes(res.ResourceType)) types.push(res.ResourceType);
  }
  for (const value of names) rows.push({ account_id, attr: 'ResourceName', value, event_time, event_id });
  for (const value of types) rows.push({ account_id, attr: 'ResourceType', value, event_time, event_id });
  return rows;
}

export function auditRecorder(deps: Pick<Deps, 'store' | 'keyring' | 'logger' | 'clock'> & { config: Pick<Deps['config'], 'auditRetentionMs'> }): AuditRecorder {
  let pending: AuditEntry[] = [];
  let dropped = 0;
  let flushing: Promise<void> | undefined;

  const timer = setInterval(() => void flush(), FLUSH_EVERY_MS);
  timer.unref();
  const sweep = async () => {
    try {
      await deps.store.repos.audit.deleteBefore(deps.clock.now() - deps.config.auditRetentionMs);
    } catch (e) {
      deps.logger.error('audit-retention', e);
    }
  };
  const sweeper = setInterval(() => void sweep(), SWEEP_EVERY_MS);
  sweeper.unref();
  const firstSweep = setTimeout(() => void sweep(), 5000);
  firstSweep.unref();

  /** S3 operation → whether it is a data event (computed once per operation name). */
  const dataEvents = new Map<string, boolean>();
  const isDataEvent = (name: string) => {
    let d = dataEvents.get(name);
    if (d === undefined) dataEvents.set(name, (d = isS3DataEvent(name)));
    return d;
  };

  function record(entry: AuditEntry): void {
    // Data events (S3's object-level calls) are recorded, as on AWS, only for a trail that selects them; this
    // server has no trails yet, so none are kept (LookupEvents never answers them either).
    if (entry.service === 's3' && isDataEvent(entry.name)) return;
    if (pending.length >= MAX_PENDING) {
      dropped++;
      return;
    }
    pending.push(entry);
  }

  function build(entries: AuditEntry[]): BuiltRecord[] {
    const out: BuiltRecord[] = [];
    for (const e of entries) {
      try {
        let sealed: string | undefined;
        if (e.error?.decision && e.error.check) {
          sealed = encodeAuthorizationMessage(deps.keyring, e.caller, e.error.check.action, e.error.check.resource, e.error.decision as Decision, {});
        }
        out.push(buildRecord(e, sealed));
      } catch (err) {
        deps.logger.error('audit-record', err);
      }
    }
    return out;
  }

  async function write(entries: AuditEntry[]): Promise<void> {
    for (let i = 0; i < entries.length; i += CHUNK) {
      const built = build(entries.slice(i, i + CHUNK));
      const batch: AuditBatch = {
        events: built.map((r) => ({
          event_id: r.eventId,
          account_id: r.accountId,
          event_time: r.at,
          management: r.management ? 1 : 0,
          record: JSON.stringify(r.record),
          summary: JSON.stringify(r.summary),
        })),
        lookup: built.flatMap(lookupRows),
      };
      await deps.store.transaction((repos) => repos.audit.append(batch));
      await new Promise((r) => setImmediate(r));
    }
  }

  function flush(): Promise<void> {
    if (flushing) return flushing.then(() => (pending.length > 0 ? flush() : undefined));
    if (dropped > 0) {
      deps.logger.error('audit-dropped', new Error(`${dropped} audit records dropped: the store is behind by more than ${MAX_PENDING} records`));
      dropped = 0;
    }
    if (pending.length === 0) return Promise.resolve();
    const entries = pending;
    pending = [];
    flushing = write(entries)
      .catch((e: unknown) => deps.logger.error('audit-flush', e))
      .finally(() => {
        flushing = undefined;
      });
    return flushing;
  }

  return {
    record,
    flush,
    async close() {
      clearInterval(timer);
      clearInterval(sweeper);
      clearTimeout(firstSweep);
      await flush();
    },
  };
}
