/**
 * What console sign-in (services/signin/passwordSignin.ts) reads from IAM's tables beyond users and access
 * keys: account aliases, login profiles and enabled MFA devices.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';
import type { IamLoginProfilesTable } from '../schema-iam.js';

export interface SigninLookupsRepo {
  /** The account id the alias (as stored: lower case) names; undefined when none does. */
  accountIdByAlias(alias: string): Promise<string | undefined>;
  /** The user's login profile (sealed password hash); undefined when the user has none. */
  loginProfile(userId: string): Promise<IamLoginProfilesTable | undefined>;
  /** The serial of an enabled MFA device of `ownerId` (a user id, or the account id for root); undefined when none. */
  enabledMfaSerial(accountId: string, ownerId: string): Promise<string | undefined>;
}

export const signinLookupsRepo = (db: Kysely<Database>): SigninLookupsRepo => ({
  accountIdByAlias: async (alias) =>
    (await db.selectFrom('iam_account_aliases').select('account_id').where('alias', '=', alias).executeTakeFirst())?.account_id,
  loginProfile: (userId) => db.selectFrom('iam_login_profiles').selectAll().where('user_id', '=', userId).executeTakeFirst(),
  enabledMfaSerial: async (accountId, ownerId) =>
    (
      await db
        .selectFrom('iam_mfa_devices')
        .select('serial')
        .where('account_id', '=', accountId)
        .where('user_id', '=', ownerId)
        .where('enable_date', 'is not', null)
        .executeTakeFirst()
    )?.serial,
});
