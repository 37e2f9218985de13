/**
 * The audit trail's recorder. The pipeline calls `record` once per call after its answer is encoded (an
 * array push: no I/O, no promise, never throws); every FLUSH_EVERY_MS the pending calls become CloudTrail
 * records (record.ts) and are written (one row each, LookupEvents' attributes as its columns) in short transactions of CHUNK records,
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
import { dataEventSelected } from './selection.js';

export const FLUSH_EVERY_MS = 1000;
const MAX_PENDING = 100_000;
const CHUNK = 2000;
const SWEEP_EVERY_MS = 3_600_000;

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
    record: JSON.stringify(r.record),
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
    // Data events (S3's object-level calls) are recorded, as on AWS, only for a logging trail that selects
    // them (selection.ts); LookupEvents never answers them.
    if (entry.service === 's3' && isDataEvent(entry.name) && !dataEventSelected(deps.store, entry)) return;
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
      const batch: AuditBatch = { events: [], lookup: [] };
      for (const r of built) {
        const { event, extra } = auditRows(r);
        batch.events.push(event);
        for (const x of extra) batch.lookup.push(x);
      }
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
