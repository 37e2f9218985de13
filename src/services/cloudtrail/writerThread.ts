/**
 * The audit recorder's writer thread (services/cloudtrail/writer.ts starts it for a SQLite database on
 * disk): it turns each batch of calls it is handed into CloudTrail records and writes them, in one
 * transaction, through its own connection (store/auditFile.ts); then answers. Building the records, inserting
 * them with their index entries and waiting for the disk all happen here, off the server's event loop.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { openAuditFile } from '../../store/auditFile.js';
import { batchOf } from './rows.js';
import type { WriterAnswer, WriterData, WriterMessage } from './writer.js';

const file = openAuditFile((workerData as WriterData).file);

parentPort!.on('message', (m: WriterMessage | 'close') => {
  if (m === 'close') {
    file.close();
    parentPort!.close();
    return;
  }
  const failed: string[] = [];
  const answer: WriterAnswer = { id: m.id, failed };
  try {
    const batch = m.batch ?? batchOf(m.entries, m.sealed, (e) => failed.push(e instanceof Error ? (e.stack ?? e.message) : String(e)));
    file.write(batch);
  } catch (e) {
    answer.error = e instanceof Error ? e.message : String(e);
  }
  parentPort!.postMessage(answer);
});
