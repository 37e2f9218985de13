/**
 * Where the recorder's batches of calls become records in the store. On a SQLite database on disk and on
 * PostgreSQL: a writer thread with its own connection (writerThread.ts), so that building the records (7–10 µs
 * of CPU a record), inserting them (on PostgreSQL, the driver's parameters and messages: 11–13 µs) and waiting
 * for the disk never hold the event loop; the event loop only copies the calls over (a structured clone, ~2 µs
 * a call). In memory (one connection only): here, one transaction per batch through the store's connection.
 * Either way `write` resolves once the batch has committed, and rejects if none of it was written.
 */
import { Worker } from 'node:worker_threads';
import type { AuditEntry, Deps } from '../../server/deps.js';
import type { AuditBatch } from '../../store/repos/audit.js';
import { batchOf } from './rows.js';

export interface AuditWriter {
  /** `sealed`: denials' sealed decisions by index in `entries` (see rows.ts's batchOf). */
  write(entries: AuditEntry[], sealed: ReadonlyMap<number, string>): Promise<void>;
  /** Waits for the batches handed over, then lets the writer go. */
  close(): Promise<void>;
}

/** The database the writer thread connects to: SQLite's file, or PostgreSQL's URL. */
export type WriterData = { file: string; postgres?: undefined } | { postgres: string; file?: undefined };

/** One batch for the writer thread: the calls, or (when they cannot be copied to it) their rows built here. */
export interface WriterMessage {
  id: number;
  entries: AuditEntry[];
  sealed: ReadonlyMap<number, string>;
  batch?: AuditBatch;
}

export interface WriterAnswer {
  id: number;
  /** Why nothing of the batch was written. */
  error?: string;
  /** The calls whose records could not be built (left out, the rest written). */
  failed: string[];
}

type Logger = Deps['logger'];

export function auditWriter(store: Deps['store'], logger: Logger): AuditWriter {
  if (store.kind === 'sqlite' && store.sqliteFile) return threadWriter({ file: store.sqliteFile }, logger);
  if (store.kind === 'postgres' && store.databaseUrl) return threadWriter({ postgres: store.databaseUrl }, logger);
  return {
    write: (entries, sealed) => {
      const batch = batchOf(entries, sealed, (e) => logger.error('audit-record', e));
      return store.transaction((repos) => repos.audit.append(batch));
    },
    close: async () => undefined,
  };
}

function threadWriter(data: WriterData, logger: Logger): AuditWriter {
  let worker: Worker | undefined;
  let nextId = 0;
  const waiting = new Map<number, { resolve: () => void; reject: (e: Error) => void }>();

  /** The writer thread, started on first use and again after it died (its unanswered batches are failed). */
  function start(): Worker {
    const w = new Worker(new URL('./writerThread.js', import.meta.url), { workerData: data });
    w.unref(); // idle, it keeps no process alive (held while batches wait: see write)
    w.on('message', (a: WriterAnswer) => {
      for (const f of a.failed) logger.error('audit-record', new Error(f));
      const p = waiting.get(a.id);
      waiting.delete(a.id);
      if (waiting.size === 0) w.unref();
      if (a.error === undefined) p?.resolve();
      else p?.reject(new Error(a.error));
    });
    const died = (e: Error) => {
      if (worker === w) worker = undefined;
      for (const p of waiting.values()) p.reject(e);
      waiting.clear();
    };
    w.on('error', died);
    w.on('exit', (code) => died(new Error(`the audit writer thread stopped (exit code ${code})`)));
    return w;
  }

  function post(w: Worker, m: WriterMessage): void {
    try {
      w.postMessage(m);
    } catch {
      // A value the structured clone refuses (a function among a handler's output): the rows built here.
      w.postMessage({ id: m.id, entries: [], sealed: new Map(), batch: batchOf(m.entries, m.sealed, (e) => logger.error('audit-record', e)) } satisfies WriterMessage);
    }
  }

  return {
    write(entries, sealed) {
      const w = (worker ??= start());
      const id = nextId++;
      return new Promise<void>((resolve, reject) => {
        waiting.set(id, { resolve, reject });
        w.ref();
        post(w, { id, entries, sealed });
      });
    },
    async close() {
      const w = worker;
      if (!w) return;
      worker = undefined;
      const exited = new Promise<void>((r) => w.once('exit', () => r()));
      w.ref();
      w.postMessage('close'); // after every batch handed over: the thread answers them in order first
      await exited;
    },
  };
}
