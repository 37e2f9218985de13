/**
 * SAML assertions already redeemed (services/sts/federation/replay.ts), by the hashed key the service
 * computes. The primary key makes redemption exactly-once across every process sharing the store.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';

export interface FederationReplayRepo {
  /**
   * Remembers `assertionKey` until `expiresAt`. True when this call remembered it; false when it is
   * remembered already and had not expired at `now` (a replay). A remembered key that expired before `now`
   * no longer blocks. Of concurrent calls with one key, exactly one is true (the insert fails on the key).
   */
  remember(assertionKey: string, expiresAt: number, now: number): Promise<boolean>;
  /** Forgets every key that expired before `before`. */
  deleteExpiredBefore(before: number): Promise<void>;
}

function isUniqueViolation(e: unknown): boolean {
  const err = e as { code?: string; message?: string };
  return err?.code === '23505' || err?.code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || err?.code === 'SQLITE_CONSTRAINT_UNIQUE' || /UNIQUE constraint failed/.test(err?.message ?? '');
}

export const federationReplayRepo = (db: Kysely<Database>): FederationReplayRepo => ({
  remember: async (assertionKey, expiresAt, now) => {
    await db.deleteFrom('federation_replay').where('assertion_key', '=', assertionKey).where('expires_at', '<', now).execute();
    try {
      await db.insertInto('federation_replay').values({ assertion_key: assertionKey, expires_at: expiresAt }).execute();
      return true;
    } catch (e) {
      if (isUniqueViolation(e)) return false;
      throw e;
    }
  },
  deleteExpiredBefore: async (before) => {
    await db.deleteFrom('federation_replay').where('expires_at', '<', before).execute();
  },
});
