/**
 * The audit trail's own connection to a SQLite database on disk, for the recorder's writer thread
 * (services/cloudtrail/writerThread.ts): it writes each batch of records in one transaction, with the same
 * statements as the audit repository's `append`.
 *
 * WAL lets this connection and the server's take turns writing: each transaction takes the write lock when it
 * begins (BEGIN IMMEDIATE, on both connections: see store/open.ts), and one that finds it taken waits
 * (busy_timeout) rather than failing. A batch is at most a few thousand records, so the server's own writes
 * wait tens of ms at most.
 */
import SQLite from 'better-sqlite3';
import { EVENT_COLUMNS, LOOKUP_COLUMNS, insertSql, type AuditBatch } from './repos/audit.js';

/**
 * The server's connection may hold the write lock across a few turns of its event loop, which a loaded machine
 * stretches; waiting costs the writer thread nothing, so it waits far longer than the server's 5 s.
 */
const BUSY_TIMEOUT_MS = 60_000;

export interface AuditFile {
  /** Writes the batch in one transaction (synchronously: a worker thread's call). */
  write(batch: AuditBatch): void;
  close(): void;
}

export function openAuditFile(file: string): AuditFile {
  const db = new SQLite(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL'); // a batch is answered only once it is on disk
  db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  const insertEvent = db.prepare(insertSql('audit_events', EVENT_COLUMNS, 1, false, false));
  const insertLookup = db.prepare(insertSql('audit_lookup', LOOKUP_COLUMNS, 1, false, true));
  const write = db.transaction((b: AuditBatch) => {
    for (const row of b.events) insertEvent.run(EVENT_COLUMNS.map((c) => row[c]));
    for (const row of b.lookup) insertLookup.run(LOOKUP_COLUMNS.map((c) => row[c]));
  });
  return {
    write: (b) => write.immediate(b),
    close: () => db.close(),
  };
}
