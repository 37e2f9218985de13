import type { Kysely } from 'kysely';

/** LookupEvents' attributes kept as columns of audit_events (null for data events, which it never answers). */
export const AUDIT_LOOKUP_COLUMNS = ['event_name', 'event_source', 'read_only', 'username', 'access_key_id', 'resource_name', 'resource_type'] as const;

/**
 * The audit trail: CloudTrail records (audit_events: one row per record, LookupEvents' attributes as columns,
 * each with an index (account_id, column, event_time, event_id) so every filter is one index range read
 * newest first), audit_lookup (only for records naming more than one resource name or type: the names and
 * types after the first, which audit_events holds), trails.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  let t = db.schema
    .createTable('audit_events')
    .addColumn('event_id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('event_time', 'bigint', (c) => c.notNull())
    .addColumn('management', 'integer', (c) => c.notNull())
    .addColumn('record', 'text', (c) => c.notNull())
    .addColumn('summary', 'text', (c) => c.notNull());
  for (const col of AUDIT_LOOKUP_COLUMNS) t = t.addColumn(col, 'text');
  await t.execute();
  await db.schema.createIndex('audit_events_by_time').on('audit_events').columns(['account_id', 'management', 'event_time', 'event_id']).execute();
  await db.schema.createIndex('audit_events_by_age').on('audit_events').column('event_time').execute();
  for (const col of AUDIT_LOOKUP_COLUMNS) {
    await db.schema.createIndex(`audit_events_by_${col}`).on('audit_events').columns(['account_id', col, 'event_time', 'event_id']).execute();
  }
  await db.schema
    .createTable('audit_lookup')
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('attr', 'text', (c) => c.notNull())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('event_time', 'bigint', (c) => c.notNull())
    .addColumn('event_id', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('audit_lookup_pk', ['account_id', 'attr', 'value', 'event_time', 'event_id'])
    .execute();
  await db.schema.createIndex('audit_lookup_by_age').on('audit_lookup').column('event_time').execute();
  await db.schema
    .createTable('audit_trails')
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('region', 'text', (c) => c.notNull())
    .addColumn('bucket', 'text', (c) => c.notNull())
    .addColumn('prefix', 'text')
    .addColumn('settings', 'text', (c) => c.notNull())
    .addColumn('logging', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('logging_changed_at', 'bigint')
    .addColumn('delivered_time', 'bigint', (c) => c.notNull())
    .addColumn('delivered_id', 'text', (c) => c.notNull())
    .addColumn('last_delivery_at', 'bigint')
    .addColumn('last_delivery_error', 'text')
    .addPrimaryKeyConstraint('audit_trails_pk', ['account_id', 'name'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ['audit_trails', 'audit_lookup', 'audit_events']) await db.schema.dropTable(t).execute();
}
