/**
 * Console sessions (services/signin/consoleSession.ts): the row a browser's cookie refers to. Ending one
 * marks the row, so every process sharing the store refuses the cookie afterwards.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';
import type { SigninConsoleSessionsTable } from '../schema-signin.js';

export interface ConsoleSessionsRepo {
  insert(row: SigninConsoleSessionsTable): Promise<void>;
  /** The session `id`, ended or not; undefined when there is none. */
  get(id: string): Promise<SigninConsoleSessionsTable | undefined>;
  /** Marks the session ended at `at`, unless it had ended already (the first end time stays). */
  end(id: string, at: number): Promise<void>;
  /** Deletes the sessions that expired before `before`. */
  deleteExpiredBefore(before: number): Promise<void>;
  /** Marks ended at `at` every session of `principalArn` in `accountId` not ended yet ("sign out everywhere"); how many. */
  endAllOf(accountId: string, principalArn: string, at: number): Promise<number>;
}

export const consoleSessionsRepo = (db: Kysely<Database>): ConsoleSessionsRepo => ({
  insert: async (row) => {
    await db.insertInto('signin_console_sessions').values(row).execute();
  },
  get: (id) => db.selectFrom('signin_console_sessions').selectAll().where('id', '=', id).executeTakeFirst(),
  end: async (id, at) => {
    await db.updateTable('signin_console_sessions').set({ ended_at: at }).where('id', '=', id).where('ended_at', 'is', null).execute();
  },
  endAllOf: async (accountId, principalArn, at) => {
    const r = await db
      .updateTable('signin_console_sessions')
      .set({ ended_at: at })
      .where('account_id', '=', accountId)
      .where('principal_arn', '=', principalArn)
      .where('ended_at', 'is', null)
      .executeTakeFirst();
    return Number(r.numUpdatedRows);
  },
  deleteExpiredBefore: async (before) => {
    await db.deleteFrom('signin_console_sessions').where('expires_at', '<', before).execute();
  },
});
