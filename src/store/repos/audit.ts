/**
 * The audit trail: CloudTrail records written in batches (services/cloudtrail/recorder.ts), LookupEvents'
 * reads (one index range per filter, newest first, keyset paging), the retention sweep, and trails with
 * their delivery progress.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';
import type { AuditEventsTable, AuditLookupTable, AuditTrailsTable } from '../schema-audit.js';

type Db = Kysely<Database>;

export interface AuditBatch {
  events: AuditEventsTable[];
  lookup: AuditLookupTable[];
}

export interface AuditQuery {
  accountId: string;
  /** One lookup attribute (AWS allows one), or none: every management event. */
  attr?: { key: string; value: string };
  /** Inclusive bounds, epoch ms. */
  start: number;
  end: number;
  /** Keyset position: events strictly older than (time, id) in (event_time desc, event_id desc) order. */
  before?: { time: number; id: string };
  limit: number;
}

export interface AuditRow {
  event_id: string;
  event_time: number;
  record: string;
  summary: string;
}

/** Rows a statement inserts at a time (SQLite's bound-parameter limit is far above 6 × this). */
const ROWS_PER_INSERT = 150;

async function append(db: Db, b: AuditBatch): Promise<void> {
  for (let i = 0; i < b.events.length; i += ROWS_PER_INSERT) await db.insertInto('audit_events').values(b.events.slice(i, i + ROWS_PER_INSERT)).execute();
  for (let i = 0; i < b.lookup.length; i += ROWS_PER_INSERT) await db.insertInto('audit_lookup').values(b.lookup.slice(i, i + ROWS_PER_INSERT)).onConflict((oc) => oc.doNothing()).execute();
}

async function lookup(db: Db, q: AuditQuery): Promise<AuditRow[]> {
  if (q.attr) {
    let s = db
      .selectFrom('audit_lookup as l')
      .innerJoin('audit_events as e', 'e.event_id', 'l.event_id')
      .select(['e.event_id', 'e.event_time', 'e.record', 'e.summary'])
      .where('l.account_id', '=', q.accountId)
      .where('l.attr', '=', q.attr.key)
      .where('l.value', '=', q.attr.value)
      .where('l.event_time', '>=', q.start)
      .where('l.event_time', '<=', q.end);
    if (q.before) {
      const { time, id } = q.before;
      s = s.where((eb) => eb.or([eb('l.event_time', '<', time), eb.and([eb('l.event_time', '=', time), eb('l.event_id', '<', id)])]));
    }
    const rows = await s.orderBy('l.event_time', 'desc').orderBy('l.event_id', 'desc').limit(q.limit).execute();
    return rows.map((r) => ({ ...r, event_time: Number(r.event_time) }));
  }
  let s = db
    .selectFrom('audit_events')
    .select(['event_id', 'event_time', 'record', 'summary'])
    .where('account_id', '=', q.accountId)
    .where('management', '=', 1)
    .where('event_time', '>=', q.start)
    .where('event_time', '<=', q.end);
  if (q.before) {
    const { time, id } = q.before;
    s = s.where((eb) => eb.or([eb('event_time', '<', time), eb.and([eb('event_time', '=', time), eb('event_id', '<', id)])]));
  }
  const rows = await s.orderBy('event_time', 'desc').orderBy('event_id', 'desc').limit(q.limit).execute();
  return rows.map((r) => ({ ...r, event_time: Number(r.event_time) }));
}

/** Events of an account after (time, id), oldest first (a trail's next delivery). */
async function after(db: Db, accountId: string, from: { time: number; id: string }, upTo: number, limit: number): Promise<Array<AuditRow & { management: number }>> {
  const rows = await db
    .selectFrom('audit_events')
    .select(['event_id', 'event_time', 'record', 'summary', 'management'])
    .where('account_id', '=', accountId)
    .where('event_time', '<=', upTo)
    .where((eb) => eb.or([eb('event_time', '>', from.time), eb.and([eb('event_time', '=', from.time), eb('event_id', '>', from.id)])]))
    .orderBy('event_time', 'asc')
    .orderBy('event_id', 'asc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ ...r, event_time: Number(r.event_time), management: Number(r.management) }));
}

const trailRow = (r: AuditTrailsTable): AuditTrailsTable => ({
  ...r,
  logging: Number(r.logging),
  created_at: Number(r.created_at),
  logging_changed_at: r.logging_changed_at === null ? null : Number(r.logging_changed_at),
  delivered_time: Number(r.delivered_time),
  last_delivery_at: r.last_delivery_at === null ? null : Number(r.last_delivery_at),
});

export interface AuditRepo {
  /** Writes a batch of records and their lookup rows. */
  append(batch: AuditBatch): Promise<void>;
  /** Management events matching the query, newest first. */
  lookup(q: AuditQuery): Promise<AuditRow[]>;
  /** Every event (management and data) of the account after `from`, up to `upTo` (epoch ms), oldest first. */
  after(accountId: string, from: { time: number; id: string }, upTo: number, limit: number): Promise<Array<AuditRow & { management: number }>>;
  /** Deletes the records older than `before` (epoch ms); returns how many. */
  deleteBefore(before: number): Promise<number>;

  createTrail(row: AuditTrailsTable): Promise<boolean>;
  getTrail(accountId: string, name: string): Promise<AuditTrailsTable | undefined>;
  listTrails(accountId?: string): Promise<AuditTrailsTable[]>;
  updateTrail(accountId: string, name: string, set: Partial<Omit<AuditTrailsTable, 'account_id' | 'name'>>): Promise<boolean>;
  deleteTrail(accountId: string, name: string): Promise<boolean>;
}

export const auditRepo = (db: Db): AuditRepo => ({
  append: (b) => append(db, b),
  lookup: (q) => lookup(db, q),
  after: (a, f, u, l) => after(db, a, f, u, l),
  deleteBefore: async (before) => {
    await db.deleteFrom('audit_lookup').where('event_time', '<', before).execute();
    return Number((await db.deleteFrom('audit_events').where('event_time', '<', before).executeTakeFirst()).numDeletedRows);
  },
  createTrail: async (row) => {
    const r = await db.insertInto('audit_trails').values(row).onConflict((oc) => oc.doNothing()).executeTakeFirst();
    return Number(r.numInsertedOrUpdatedRows ?? 0) > 0;
  },
  getTrail: async (accountId, name) => {
    const r = await db.selectFrom('audit_trails').selectAll().where('account_id', '=', accountId).where('name', '=', name).executeTakeFirst();
    return r ? trailRow(r) : undefined;
  },
  listTrails: async (accountId) => {
    let s = db.selectFrom('audit_trails').selectAll();
    if (accountId !== undefined) s = s.where('account_id', '=', accountId);
    return (await s.orderBy('account_id').orderBy('name').execute()).map(trailRow);
  },
  updateTrail: async (accountId, name, set) => {
    const r = await db.updateTable('audit_trails').set(set).where('account_id', '=', accountId).where('name', '=', name).executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  },
  deleteTrail: async (accountId, name) => Number((await db.deleteFrom('audit_trails').where('account_id', '=', accountId).where('name', '=', name).executeTakeFirst()).numDeletedRows) > 0,
});
