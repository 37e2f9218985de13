/**
 * IAM usage: last use of access keys and roles, each principal's last access per service and tracked action
 * (the access advisor), and the account's generated reports. Writes come in batches (services/iam/usage.ts
 * flushes them off the request path); a recorded date never moves backwards.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema.js';
import type { IamReportsTable, IamServiceAccessTable } from '../schema-iam.js';

type Db = Kysely<Database>;

export interface KeyUse {
  accessKeyId: string;
  at: number;
  service: string;
  region: string;
}

export interface EntityUse {
  id: string;
  at: number;
  region: string;
}

export interface UsageBatch {
  keys: KeyUse[];
  entities: EntityUse[];
  services: IamServiceAccessTable[];
}

async function recordBatch(db: Db, b: UsageBatch): Promise<void> {
  for (const k of b.keys) {
    await db
      .updateTable('access_keys')
      .set({ last_used_at: k.at, last_used_service: k.service, last_used_region: k.region })
      .where('access_key_id', '=', k.accessKeyId)
      .where((eb) => eb.or([eb('last_used_at', 'is', null), eb('last_used_at', '<', k.at)]))
      .execute();
  }
  for (const e of b.entities) {
    await db
      .updateTable('iam_entities')
      .set({ last_used_at: e.at, last_used_region: e.region })
      .where('id', '=', e.id)
      .where((eb) => eb.or([eb('last_used_at', 'is', null), eb('last_used_at', '<', e.at)]))
      .execute();
  }
  // Service rows: multi-row upserts (a batch never names one row twice), 200 rows a statement.
  for (let i = 0; i < b.services.length; i += 200) {
    await db
      .insertInto('iam_service_access')
      .values(b.services.slice(i, i + 200))
      .onConflict((oc) =>
        oc.columns(['entity_id', 'service', 'action']).doUpdateSet({
          last_at: sql<number>`case when excluded.last_at > iam_service_access.last_at then excluded.last_at else iam_service_access.last_at end`,
          region: sql<string>`case when excluded.last_at > iam_service_access.last_at then excluded.region else iam_service_access.region end`,
        }),
      )
      .execute();
  }
}

async function accessOf(db: Db, entityIds: string[]): Promise<IamServiceAccessTable[]> {
  if (entityIds.length === 0) return [];
  const rows = await db.selectFrom('iam_service_access').selectAll().where('entity_id', 'in', entityIds).orderBy('entity_id').orderBy('service').orderBy('action').execute();
  return rows.map((r) => ({ ...r, last_at: Number(r.last_at) }));
}

async function getReport(db: Db, accountId: string, id: string): Promise<IamReportsTable | undefined> {
  const r = await db.selectFrom('iam_reports').selectAll().where('account_id', '=', accountId).where('id', '=', id).executeTakeFirst();
  return r ? { ...r, created_at: Number(r.created_at) } : undefined;
}

export interface UsageRepo {
  /** Writes a batch of uses (one transaction is the caller's choice); a date older than the stored one changes nothing. */
  recordBatch(batch: UsageBatch): Promise<void>;
  /** The service and action rows of these principals (by unique id). */
  accessOf(entityIds: string[]): Promise<IamServiceAccessTable[]>;
  /** Creates or replaces a report. */
  putReport(row: IamReportsTable): Promise<void>;
  getReport(accountId: string, id: string): Promise<IamReportsTable | undefined>;
  /** Deletes the reports created before `before` (epoch ms); returns how many. */
  deleteReportsBefore(before: number): Promise<number>;
}

export const usageRepo = (db: Db): UsageRepo => ({
  recordBatch: (b) => recordBatch(db, b),
  accessOf: (ids) => accessOf(db, ids),
  putReport: async (row) => {
    await db
      .insertInto('iam_reports')
      .values(row)
      .onConflict((oc) => oc.columns(['account_id', 'id']).doUpdateSet({ created_at: row.created_at, body: row.body }))
      .execute();
  },
  getReport: (accountId, id) => getReport(db, accountId, id),
  deleteReportsBefore: async (before) => Number((await db.deleteFrom('iam_reports').where('created_at', '<', before).executeTakeFirst()).numDeletedRows),
});
