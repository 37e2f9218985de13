/** Small per-account IAM records: the deletion tasks of service-linked roles and the STS preferences. */
import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';
import type { IamDeletionTasksTable, IamStsPreferencesTable } from '../schema-iam-more.js';

type Db = Kysely<Database>;
type TokenVersion = IamStsPreferencesTable['global_endpoint_token_version'];

export interface AccountOptionsRepo {
  insertDeletionTask(row: IamDeletionTasksTable): Promise<void>;
  /** The account's deletion task of that id. */
  getDeletionTask(accountId: string, id: string): Promise<IamDeletionTasksTable | undefined>;
  /** The account's GlobalEndpointTokenVersion, undefined when never set. */
  getTokenVersion(accountId: string): Promise<TokenVersion | undefined>;
  /** Creates or replaces the account's GlobalEndpointTokenVersion. */
  setTokenVersion(accountId: string, version: TokenVersion): Promise<void>;
}

export const accountOptionsRepo = (db: Db): AccountOptionsRepo => ({
  insertDeletionTask: async (row) => {
    await db.insertInto('iam_deletion_tasks').values(row).execute();
  },
  getDeletionTask: (accountId, id) =>
    db.selectFrom('iam_deletion_tasks').selectAll().where('account_id', '=', accountId).where('id', '=', id).executeTakeFirst(),
  getTokenVersion: async (accountId) =>
    (await db.selectFrom('iam_sts_preferences').select('global_endpoint_token_version').where('account_id', '=', accountId).executeTakeFirst())
      ?.global_endpoint_token_version,
  setTokenVersion: async (accountId, version) => {
    await db
      .insertInto('iam_sts_preferences')
      .values({ account_id: accountId, global_endpoint_token_version: version })
      .onConflict((oc) => oc.column('account_id').doUpdateSet({ global_endpoint_token_version: version }))
      .execute();
  },
});
