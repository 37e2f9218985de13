/**
 * Sign-in tokens already redeemed (services/signin/signinToken.ts). The primary key on the token id lets
 * exactly one redemption win, across every process sharing the store.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';

export interface SigninTokensRepo {
  /**
   * Records the token id as used, remembered until `expiresAt`. True when this call redeemed it; false
   * when it had been redeemed before (one atomic insert: of concurrent redemptions exactly one is true).
   */
  redeem(tokenId: string, expiresAt: number): Promise<boolean>;
  /** Forgets redeemed ids whose tokens expired before `before`. */
  deleteExpiredBefore(before: number): Promise<void>;
}

export const signinTokensRepo = (db: Kysely<Database>): SigninTokensRepo => ({
  redeem: async (tokenId, expiresAt) => {
    const r = await db
      .insertInto('signin_used_tokens')
      .values({ token_id: tokenId, expires_at: expiresAt })
      .onConflict((oc) => oc.column('token_id').doNothing())
      .executeTakeFirst();
    return Number(r.numInsertedOrUpdatedRows ?? 0n) > 0;
  },
  deleteExpiredBefore: async (before) => {
    await db.deleteFrom('signin_used_tokens').where('expires_at', '<', before).execute();
  },
});
