/**
 * The audit recorder's writer thread (services/cloudtrail/writer.ts starts it for a SQLite database on
 * disk and for PostgreSQL): it turns the batches of calls it is handed into CloudTrail records and writes
 * them through its own connection (store/auditFile.ts, store/auditPg.ts), then answers each. Building the
 * records, inserting them with their index entries and waiting for the disk all happen here, off the
 * server's event loop. The batches that arrived while the previous transaction was being written are written
 * together, in one transaction (one wait for the disk), so a busy server's records cost fewer commits — up
 * to MAX_RECORDS a transaction, since on SQLite the server's own writes wait while it holds the write lock
 * (about 25 µs a record).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { openAuditFile } from '../../store/auditFile.js';
import { openAuditPg } from '../../store/auditPg.js';
import type { AuditBatch } from '../../store/repos/audit.js';
import { batchOf } from './rows.js';
import type { WriterAnswer, WriterData, WriterMessage } from './writer.js';

const data = workerData as WriterData;
const sink: { write(b: AuditBatch): void | Promise<void>; close(): void | Promise<void> } =
  data.postgres !== undefined ? openAuditPg(data.postgres) : openAuditFile(data.file);
const MAX_RECORDS = 2000;
/**
 * On SQLite, the least time between two transactions: the server's connection, waiting for the write lock,
 * retries at intervals of up to 100 ms (SQLite's busy handler), so back-to-back transactions (a backlog being
 * written) could keep it waiting — its event loop blocked — until its busy_timeout. The pause lets it in.
 * PostgreSQL locks rows, not the database: no pause.
 */
const YIELD_MS = data.postgres !== undefined ? 0 : 20;
/** A transaction this large is part of a backlog: the next one waits YIELD_MS; a small one (a quiet server's, or LookupEvents' flush) does not. */
const BACKLOG_RECORDS = 500;
let lastCommit = 0;
let lastSize = 0;
let queued: WriterMessage[] = [];
let scheduled = false;
let closing = false;

const sizeOf = (m: WriterMessage) => m.batch?.events.length ?? m.entries.length;

/** The queued batches the next transaction writes: the oldest, and those after it up to MAX_RECORDS in all. */
function nextTransaction(): WriterMessage[] {
  let n = 0;
  let take = 0;
  while (take < queued.length && (take === 0 || n + sizeOf(queued[take]!) <= MAX_RECORDS)) n += sizeOf(queued[take++]!);
  const messages = queued.slice(0, take);
  queued = queued.slice(take);
  return messages;
}

async function writeQueued(): Promise<void> {
  const messages = nextTransaction();
  const answers: WriterAnswer[] = [];
  const all: AuditBatch = { events: [], lookup: [] };
  for (const m of messages) {
    const failed: string[] = [];
    const b = m.batch ?? batchOf(m.entries, m.sealed, (e) => failed.push(e instanceof Error ? (e.stack ?? e.message) : String(e)));
    for (const x of b.events) all.events.push(x);
    for (const x of b.lookup) all.lookup.push(x);
    answers.push({ id: m.id, failed });
  }
  try {
    if (all.events.length > 0 || all.lookup.length > 0) await sink.write(all);
  } catch (e) {
    for (const a of answers) a.error = e instanceof Error ? e.message : String(e);
  }
  lastCommit = Date.now();
  lastSize = all.events.length;
  for (const a of answers) parentPort!.postMessage(a);
  // Scheduled only now: one transaction at a time, and what arrived meanwhile goes into the next.
  scheduled = false;
  if (queued.length > 0) schedule();
  else if (closing) {
    await sink.close();
    parentPort!.close();
  }
}

/** After the messages already waiting are read (they are delivered before an immediate runs), and YIELD_MS after the last commit of a backlog. */
function schedule(): void {
  if (scheduled) return;
  scheduled = true;
  const wait = lastSize >= BACKLOG_RECORDS ? lastCommit + YIELD_MS - Date.now() : 0;
  const run = () => void writeQueued();
  if (wait > 0) setTimeout(run, wait);
  else setImmediate(run);
}

parentPort!.on('message', (m: WriterMessage | 'close') => {
  if (m === 'close') closing = true; // answered after every batch before it
  else queued.push(m);
  schedule();
});
