import { sql, type Kysely } from 'kysely';
import { AUDIT_LOOKUP_COLUMNS } from './0019_audit.js';

/**
 * Fewer index entries per audit record (each costs the writer about 1 µs of CPU): the lookup attribute
 * indexes become partial, holding only the records that have the attribute (data events have none, most
 * records no resource; LookupEvents' `col = value` implies `col IS NOT NULL`, so both SQLite's and
 * PostgreSQL's planners still pick them); the age index goes — the retention sweep deletes per account through
 * audit_events_by_time instead (store/repos/audit.ts).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('audit_events_by_age').execute();
  for (const col of AUDIT_LOOKUP_COLUMNS) {
    await db.schema.dropIndex(`audit_events_by_${col}`).execute();
    await db.schema
      .createIndex(`audit_events_by_${col}`)
      .on('audit_events')
      .columns(['account_id', col, 'event_time', 'event_id'])
      .where(sql.ref(col), 'is not', null)
      .execute();
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const col of AUDIT_LOOKUP_COLUMNS) {
    await db.schema.dropIndex(`audit_events_by_${col}`).execute();
    await db.schema.createIndex(`audit_events_by_${col}`).on('audit_events').columns(['account_id', col, 'event_time', 'event_id']).execute();
  }
  await db.schema.createIndex('audit_events_by_age').on('audit_events').column('event_time').execute();
}
