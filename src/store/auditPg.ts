/**
 * The audit trail's own connection to PostgreSQL, for the recorder's writer thread
 * (services/cloudtrail/writerThread.ts): one connection of its own (not the server's pool), each batch of
 * records written in one transaction by the audit repository's own `append`. A lost connection fails the
 * batch being written (the recorder logs it and drops its records) and is replaced for the next.
 */
import pg from 'pg';
import { Kysely, PostgresDialect } from 'kysely';
import type { Database } from './schema.js';
import { auditRepo, type AuditBatch } from './repos/audit.js';

export interface AuditPg {
  write(batch: AuditBatch): Promise<void>;
  close(): Promise<void>;
}

export function openAuditPg(connectionString: string): AuditPg {
  const pool = new pg.Pool({ connectionString, max: 1, connectionTimeoutMillis: 5000, application_name: `tessera-audit/${process.pid}` });
  pool.on('error', () => undefined); // an idle connection lost: the pool opens another for the next batch
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return {
    write: (batch) => db.transaction().execute((trx) => auditRepo(trx).append(batch)),
    close: () => db.destroy(),
  };
}
