/**
 * The audit trail: CloudTrail records written in batches (services/cloudtrail/recorder.ts), LookupEvents'
 * reads (one index range per filter, newest first, keyset paging), the retention sweep, and trails with
 * their delivery progress.
 */
import { CompiledQuery, type Kysely } from 'kysely';
import type { Database } from '../schema.js';
import type { AuditEventsTable, AuditLookupTable, AuditSigningKeysTable, AuditTrailsTable } from '../schema-audit.js';

type Db = Kysely<Database>;

export interface AuditBatch {
  events: AuditEventsTable[];
  /** The resource names and types of management events beyond the first of each (most records have none). */
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

/** Rows a statement inserts at a time (13 parameters a row: far below SQLite's and PostgreSQL's limits). */
const ROWS_PER_INSERT = 100;

export const EVENT_COLUMNS = ['event_id', 'account_id', 'event_time', 'management', 'record', 'summary', 'event_name', 'event_source', 'read_only', 'username', 'access_key_id', 'resource_name', 'resource_type'] as const;
export const LOOKUP_COLUMNS = ['account_id', 'attr', 'value', 'event_time', 'event_id'] as const;

/** LookupEvents' attribute → its column of audit_events. */
const ATTR_COLUMN = {
  EventName: 'event_name',
  EventSource: 'event_source',
  ReadOnly: 'read_only',
  Username: 'username',
  AccessKeyId: 'access_key_id',
  ResourceName: 'resource_name',
  ResourceType: 'resource_type',
} as const;

/** The text of an insert of `rows` rows into `table` (parameters numbered $1... for PostgreSQL, ? for SQLite). */
export function insertSql(table: string, columns: readonly string[], rows: number, dollar: boolean, onConflict: boolean): string {
  const tuples: string[] = [];
  let n = 0;
  for (let r = 0; r < rows; r++) tuples.push(`(${columns.map(() => (dollar ? `$${++n}` : '?')).join(', ')})`);
  return `insert into "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) values ${tuples.join(', ')}${onConflict ? ' on conflict do nothing' : ''}`;
}

/**
 * The batch inserts' SQL text, per row count and dialect, written once: the flush then hands the driver the
 * same text with a flat parameter array (no query tree built per batch), and SQLite reuses its prepared
 * statement (store/open.ts's statement cache).
 */
const insertTexts = new Map<string, string>();
/** Whether a store's dialect numbers its parameters ($1: PostgreSQL) or not (?: SQLite). */
const numbered = new WeakMap<Db, boolean>();
function insertText(db: Db, table: string, columns: readonly string[], rows: number, onConflict: boolean): string {
  let dollar = numbered.get(db);
  if (dollar === undefined) numbered.set(db, (dollar = db.selectFrom('audit_events').select('event_id').where('event_id', '=', '').compile().sql.includes('$1')));
  const key = `${table}:${rows}:${dollar}`;
  let text = insertTexts.get(key);
  if (text === undefined) insertTexts.set(key, (text = insertSql(table, columns, rows, dollar, onConflict)));
  return text;
}

async function insertRows<T>(db: Db, table: string, columns: readonly (keyof T & string)[], rows: T[], onConflict: boolean): Promise<void> {
  for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) {
    const n = Math.min(ROWS_PER_INSERT, rows.length - i);
    const params: unknown[] = new Array(n * columns.length);
    let k = 0;
    for (let r = i; r < i + n; r++) {
      const row = rows[r]!;
      for (const c of columns) params[k++] = row[c];
    }
    await db.executeQuery(CompiledQuery.raw(insertText(db, table, columns, n, onConflict), params));
  }
}

async function append(db: Db, b: AuditBatch): Promise<void> {
  await insertRows<AuditEventsTable>(db, 'audit_events', EVENT_COLUMNS, b.events, false);
  if (b.lookup.length > 0) await insertRows<AuditLookupTable>(db, 'audit_lookup', LOOKUP_COLUMNS, b.lookup, true);
}

const toRow = (r: { event_id: string; event_time: number | string | bigint; record: string; summary: string }): AuditRow => ({ event_id: r.event_id, event_time: Number(r.event_time), record: r.record, summary: r.summary });

async function lookup(db: Db, q: AuditQuery): Promise<AuditRow[]> {
  const attr = q.attr;
  const column = attr && attr.key !== 'EventId' ? ATTR_COLUMN[attr.key as keyof typeof ATTR_COLUMN] : undefined;
  if (attr && attr.key !== 'EventId' && !column) return [];
  let s = db.selectFrom('audit_events').select(['event_id', 'event_time', 'record', 'summary']).where('account_id', '=', q.accountId);
  if (attr?.key === 'EventId') s = s.where('event_id', '=', attr.value).where('management', '=', 1);
  else if (attr && column) s = s.where(column, '=', attr.value);
  else s = s.where('management', '=', 1);
  s = s.where('event_time', '>=', q.start).where('event_time', '<=', q.end);
  if (q.before) {
    const { time, id } = q.before;
    s = s.where((eb) => eb.or([eb('event_time', '<', time), eb.and([eb('event_time', '=', time), eb('event_id', '<', id)])]));
  }
  const rows = (await s.orderBy('event_time', 'desc').orderBy('event_id', 'desc').limit(q.limit).execute()).map(toRow);
  if (!attr || (column !== 'resource_name' && column !== 'resource_type')) return rows;
  // A resource name or type beyond a record's first is in audit_lookup: its newest matches merged in.
  let x = db
    .selectFrom('audit_lookup as l')
    .innerJoin('audit_events as e', 'e.event_id', 'l.event_id')
    .select(['e.event_id', 'e.event_time', 'e.record', 'e.summary'])
    .where('l.account_id', '=', q.accountId)
    .where('l.attr', '=', attr.key)
    .where('l.value', '=', attr.value)
    .where('l.event_time', '>=', q.start)
    .where('l.event_time', '<=', q.end);
  if (q.before) {
    const { time, id } = q.before;
    x = x.where((eb) => eb.or([eb('l.event_time', '<', time), eb.and([eb('l.event_time', '=', time), eb('l.event_id', '<', id)])]));
  }
  const more = (await x.orderBy('l.event_time', 'desc').orderBy('l.event_id', 'desc').limit(q.limit).execute()).map(toRow);
  if (more.length === 0) return rows;
  const seen = new Set(rows.map((r) => r.event_id));
  const all = [...rows, ...more.filter((r) => !seen.has(r.event_id))];
  all.sort((a, b) => b.event_time - a.event_time || (a.event_id < b.event_id ? 1 : a.event_id > b.event_id ? -1 : 0));
  return all.slice(0, q.limit);
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

/**
 * The retention sweep. audit_events has no index on the time alone (one index entry fewer per record): the
 * sweep visits the accounts holding records, one seek each through audit_events_by_time (which leads with the
 * account), and deletes each account's old records through the same index.
 */
async function deleteBefore(db: Db, before: number): Promise<number> {
  await db.deleteFrom('audit_lookup').where('event_time', '<', before).execute();
  let deleted = 0;
  let account = '';
  for (;;) {
    const next = await db.selectFrom('audit_events').select('account_id').where('account_id', '>', account).orderBy('account_id').limit(1).executeTakeFirst();
    if (!next) return deleted;
    account = next.account_id;
    const r = await db.deleteFrom('audit_events').where('account_id', '=', account).where('management', 'in', [0, 1]).where('event_time', '<', before).executeTakeFirst();
    deleted += Number(r.numDeletedRows);
  }
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

  /** Stores a digest signing key pair. */
  addSigningKey(row: AuditSigningKeysTable): Promise<void>;
  /** The region's signing keys valid at some time in [from, to], oldest first. */
  signingKeys(region: string, from: number, to: number): Promise<AuditSigningKeysTable[]>;
}

export const auditRepo = (db: Db): AuditRepo => ({
  append: (b) => append(db, b),
  lookup: (q) => lookup(db, q),
  after: (a, f, u, l) => after(db, a, f, u, l),
  deleteBefore: (before) => deleteBefore(db, before),
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
  addSigningKey: async (row) => {
    await db.insertInto('audit_signing_keys').values(row).execute();
  },
  signingKeys: async (region, from, to) =>
    (await db.selectFrom('audit_signing_keys').selectAll().where('region', '=', region).where('valid_from', '<=', to).where('valid_to', '>=', from).orderBy('valid_from').execute()).map((r) => ({ ...r, valid_from: Number(r.valid_from), valid_to: Number(r.valid_to) })),
  deleteTrail: async (accountId, name) => Number((await db.deleteFrom('audit_trails').where('account_id', '=', accountId).where('name', '=', name).executeTakeFirst()).numDeletedRows) > 0,
});
