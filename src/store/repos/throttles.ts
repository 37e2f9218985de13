/**
 * The authentication throttle's queries (auth/throttle.ts owns the rule's numbers). One atomic upsert
 * records an attempt unless the key is locked, so every server on one database counts into the same row.
 */
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { AuthThrottlesTable, Database } from '../schema.js';

export interface ThrottleRule {
  /** The failure count at which the key is first locked. */
  lockAt: number;
  /** The first lock (ms), doubled with each further failure, up to maxDelayMs. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** A key's failures are forgotten this long after its lock ended (or after its last failure when unlocked). */
  forgetAfterMs: number;
}

/** How long a key with `failures` failures stays locked after its last failure (0: not locked). */
export function lockDelay(rule: ThrottleRule, failures: number): number {
  if (failures < rule.lockAt) return 0;
  return Math.min(rule.baseDelayMs * 2 ** Math.min(failures - rule.lockAt, 40), rule.maxDelayMs);
}

/** lockDelay over the stored row's `failures`, as SQL (literal numbers only: a ladder of CASE branches). */
function delaySql(rule: ThrottleRule): RawBuilder<number> {
  const branches = [sql`when auth_throttles.failures < ${sql.lit(rule.lockAt)} then 0`];
  for (let f = rule.lockAt; lockDelay(rule, f) < rule.maxDelayMs; f++) {
    branches.push(sql`when auth_throttles.failures = ${sql.lit(f)} then ${sql.lit(lockDelay(rule, f))}`);
  }
  return sql<number>`(case ${sql.join(branches, sql` `)} else ${sql.lit(rule.maxDelayMs)} end)`;
}

/**
 * Records an attempt on `key` at `now` under the random id `attemptId`, unless the key is locked at `now`;
 * returns the row afterwards. The attempt got through iff the returned `attempt` is `attemptId`. A key not
 * seen since it was forgotten starts again at one.
 */
async function claimThrottleAttempt(db: Kysely<Database>, key: string, now: number, attemptId: string, rule: ThrottleRule): Promise<AuthThrottlesTable> {
  const delay = delaySql(rule);
  const locked = sql<boolean>`(auth_throttles.failures >= ${sql.lit(rule.lockAt)} and ${now} < auth_throttles.last_failure_at + ${delay})`;
  const forgotten = sql<boolean>`(${now} >= auth_throttles.last_failure_at + ${delay} + ${sql.lit(rule.forgetAfterMs)})`;
  const row = await db
    .insertInto('auth_throttles')
    .values({ key, failures: 1, last_failure_at: now, attempt: attemptId })
    .onConflict((oc) =>
      oc.column('key').doUpdateSet({
        failures: sql<number>`case when ${locked} then auth_throttles.failures when ${forgotten} then 1 else auth_throttles.failures + 1 end`,
        last_failure_at: sql<number>`case when ${locked} then auth_throttles.last_failure_at else ${now} end`,
        attempt: sql<string>`case when ${locked} then auth_throttles.attempt else ${attemptId} end`,
      }),
    )
    .returningAll()
    .executeTakeFirstOrThrow();
  return { ...row, failures: Number(row.failures), last_failure_at: Number(row.last_failure_at) };
}

const getThrottle = (db: Kysely<Database>, key: string): Promise<AuthThrottlesTable | undefined> =>
  db.selectFrom('auth_throttles').selectAll().where('key', '=', key).executeTakeFirst();

/** A success: the key starts afresh. */
async function clearThrottle(db: Kysely<Database>, key: string): Promise<void> {
  await db.deleteFrom('auth_throttles').where('key', '=', key).execute();
}

/** Deletes the rows whose last failure is before `before` (by age only); returns how many went. */
async function deleteThrottlesBefore(db: Kysely<Database>, before: number): Promise<number> {
  const r = await db.deleteFrom('auth_throttles').where('last_failure_at', '<', before).executeTakeFirst();
  return Number(r.numDeletedRows);
}

export interface ThrottlesRepo {
  /**
   * Records an attempt on `key` at `now` under the random id `attemptId`, unless the key is locked at `now`;
   * returns the row afterwards (the attempt got through iff its `attempt` is `attemptId`).
   */
  claimAttempt(key: string, now: number, attemptId: string, rule: ThrottleRule): Promise<AuthThrottlesTable>;
  get(key: string): Promise<AuthThrottlesTable | undefined>;
  /** A success: the key starts afresh. */
  clear(key: string): Promise<void>;
  /** Deletes the rows whose last failure is before `before`; returns how many went. */
  deleteBefore(before: number): Promise<number>;
}

export const throttlesRepo = (db: Kysely<Database>): ThrottlesRepo => ({
  claimAttempt: (key, now, attemptId, rule) => claimThrottleAttempt(db, key, now, attemptId, rule),
  get: (key) => getThrottle(db, key),
  clear: (key) => clearThrottle(db, key),
  deleteBefore: (before) => deleteThrottlesBefore(db, before),
});
