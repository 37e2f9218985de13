/**
 * What the lifecycle sweep reads and the lease that makes it one sweeper at a time: the noncurrent versions
 * of a bucket (with when each stopped being the latest), the keys whose latest version is a delete marker,
 * and a lease row (s3_leases) taken or renewed atomically on SQLite and PostgreSQL alike.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema.js';

export interface NoncurrentVersion {
  key: string;
  seq: number;
  version_id: string;
  delete_marker: number;
  noncurrent_since: number;
  size: number;
  row: string;
}

export interface LifecycleRepo {
  /** One page of the bucket's noncurrent versions in (key, newest first) order, after (key, seq), keys from `prefix` on. */
  pageNoncurrent(bucket: string, prefix: string, after: { key: string; seq: number } | undefined, limit: number): Promise<NoncurrentVersion[]>;
  /** One page of the keys (from `prefix` on, after `after`) whose latest version is a delete marker with no version behind it. */
  pageLoneMarkers(bucket: string, prefix: string, after: string | undefined, limit: number): Promise<Array<{ key: string; version_id: string }>>;
  /** Takes the lease `name` for `holder` until `expires` when it is free, expired or already the holder's; true when taken. */
  takeLease(name: string, holder: string, now: number, expires: number): Promise<boolean>;
}

export const lifecycleRepo = (db: Kysely<Database>): LifecycleRepo => ({
  pageNoncurrent: (bucket, prefix, after, limit) => {
    let q = db
      .selectFrom('s3_versions')
      .select(['key', 'seq', 'version_id', 'delete_marker', 'noncurrent_since', 'size', 'row'])
      .where('bucket', '=', bucket)
      .orderBy('key')
      .orderBy('seq')
      .limit(limit);
    if (after) {
      const a = after;
      q = q.where((eb) => eb.or([eb('key', '>', a.key), eb.and([eb('key', '=', a.key), eb('seq', '>', a.seq)])]));
    } else q = q.where('key', '>=', prefix);
    return q.execute().then((rows) => rows.map((r) => ({ ...r, seq: Number(r.seq), noncurrent_since: Number(r.noncurrent_since), size: Number(r.size) })));
  },
  pageLoneMarkers: (bucket, prefix, after, limit) => {
    let q = db
      .selectFrom('s3_objects as o')
      .select(['o.key', 'o.version_id'])
      .where('o.bucket', '=', bucket)
      .where(sql<boolean>`o.delete_marker = 1`)
      .where((eb) => eb.not(eb.exists(eb.selectFrom('s3_versions as v').select('v.seq').whereRef('v.bucket', '=', 'o.bucket').whereRef('v.key', '=', 'o.key'))))
      .orderBy('o.key')
      .limit(limit);
    q = after !== undefined ? q.where('o.key', '>', after) : q.where('o.key', '>=', prefix);
    return q.execute();
  },
  takeLease: async (name, holder, now, expires) => {
    const r = await db
      .insertInto('s3_leases')
      .values({ name, holder, expires })
      .onConflict((oc) =>
        oc
          .column('name')
          .doUpdateSet({ holder, expires })
          .where((eb) => eb.or([eb('s3_leases.expires', '<', now), eb('s3_leases.holder', '=', holder)])),
      )
      .executeTakeFirst();
    return Number(r.numInsertedOrUpdatedRows ?? 0) > 0;
  },
});
