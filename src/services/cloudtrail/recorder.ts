/**
 * The audit trail's recorder. The pipeline calls `record` once per call after its answer is encoded (an
 * array push: no I/O, no promise, never throws); every FLUSH_EVERY_MS, or as soon as CHUNK calls wait, the
 * pending calls are handed to the writer (writer.ts: on a SQLite database on disk, a thread of its own), which
 * builds their CloudTrail records (record.ts) and writes them (one row each, LookupEvents' attributes as its
 * columns) in one transaction per CHUNK calls, off any request; once more when the server closes.
 * LookupEvents and trail deliveries flush first.
 *
 * What a crash can lose: the records of calls answered in the last FLUSH_EVERY_MS (at most one second)
 * before it, and of the chunks handed to the writer and not yet committed (each chunk commits whole or not at
 * all). A write the store refuses is logged and its records dropped, never retried into an unbounded queue;
 * while a flush is being written the next waits, and beyond MAX_PENDING waiting calls (the store far behind)
 * new calls are counted and dropped, and the count logged (unsigned calls beyond MAX_PENDING_UNSIGNED too).
 *
 * Retention: records older than --audit-retention-days are deleted by a sweep every hour (and at start-up).
 */
import type { AuditEntry, AuditRecorder, Deps } from '../../server/deps.js';
import type { Decision } from '../../policy/index.js';
import { encodeAuthorizationMessage } from '../sts/api.js';
import { isS3DataEvent } from './record.js';
import { dataEventSelected } from './selection.js';
import { auditWriter } from './writer.js';

export const FLUSH_EVERY_MS = 1000;
const MAX_PENDING = 100_000;
/**
 * Of those, at most this many unsigned calls (AssumeRoleWithSAML, ...WebIdentity: anyone can make them), so a
 * flood of bad unsigned calls is dropped past it and never crowds out the records of authenticated calls.
 */
const MAX_PENDING_UNSIGNED = 10_000;
const CHUNK = 1000;
const SWEEP_EVERY_MS = 3_600_000;

export function auditRecorder(deps: Pick<Deps, 'store' | 'keyring' | 'logger' | 'clock'> & { config: Pick<Deps['config'], 'auditRetentionMs'> }): AuditRecorder {
  let pending: AuditEntry[] = [];
  let pendingUnsigned = 0;
  let dropped = 0;
  let flushing: Promise<void> | undefined;
  const writer = auditWriter(deps.store, deps.logger);

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
    if (pending.length >= MAX_PENDING || (entry.unsigned && pendingUnsigned >= MAX_PENDING_UNSIGNED)) {
      dropped++;
      return;
    }
    if (entry.unsigned) pendingUnsigned++;
    pending.push(entry);
    // A full chunk is handed over at once: the calls leave the event loop's heap young (cheap to collect).
    if (pending.length >= CHUNK && !flushing) void flush();
  }

  /** Denials' explained decisions sealed for the account's admins (here, where the key ring is), by index. */
  function sealDenials(entries: AuditEntry[]): Map<number, string> {
    const sealed = new Map<number, string>();
    entries.forEach((e, i) => {
      const err = e.error;
      if (!err?.decision || !err.check) return;
      try {
        sealed.set(i, encodeAuthorizationMessage(deps.keyring, e.caller, err.check.action, err.check.resource, err.decision as Decision, {}));
      } catch (x) {
        deps.logger.error('audit-record', x);
      }
      e.error = { code: err.code, message: err.message }; // the decision itself is not handed to the writer
    });
    return sealed;
  }

  /**
   * Hands the calls to the writer CHUNK at a time (one transaction each; a turn of the event loop between),
   * and resolves once every chunk is written or refused.
   */
  async function write(entries: AuditEntry[]): Promise<void> {
    const written: Promise<void>[] = [];
    for (let i = 0; i < entries.length; i += CHUNK) {
      if (i > 0) await new Promise((r) => setImmediate(r));
      const chunk = entries.slice(i, i + CHUNK);
      written.push(writer.write(chunk, sealDenials(chunk)).catch((e: unknown) => deps.logger.error('audit-flush', e)));
    }
    await Promise.all(written);
  }

  function flush(): Promise<void> {
    if (flushing) return flushing.then(() => (pending.length > 0 ? flush() : undefined));
    if (dropped > 0) {
      deps.logger.error('audit-dropped', new Error(`${dropped} audit records dropped: the store is behind by more than ${MAX_PENDING} records (or ${MAX_PENDING_UNSIGNED} unsigned calls)`));
      dropped = 0;
    }
    if (pending.length === 0) return Promise.resolve();
    const entries = pending;
    pending = [];
    pendingUnsigned = 0;
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
      await writer.close();
    },
  };
}
