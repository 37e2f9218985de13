/** Login profiles and the account password policy. */
import type { OperationContext } from '../operation.js';
import type { IamLoginProfilesTable } from '../../store/schema-iam.js';
import { noSuchEntity } from './errors.js';
import type { PasswordPolicy } from './password.js';

export async function accountPasswordPolicy(ctx: OperationContext): Promise<PasswordPolicy | undefined> {
  const r = await ctx.deps.store.db.selectFrom('iam_password_policies').select('policy').where('account_id', '=', ctx.caller.accountId).executeTakeFirst();
  return r ? (JSON.parse(r.policy) as PasswordPolicy) : undefined;
}

export const noPasswordPolicy = (accountId: string) => noSuchEntity(`The Password Policy with domain name ${accountId} cannot be found.`);

export const getLoginProfile = (ctx: OperationContext, userId: string): Promise<IamLoginProfilesTable | undefined> =>
  ctx.deps.store.db.selectFrom('iam_login_profiles').selectAll().where('user_id', '=', userId).executeTakeFirst();

/** For the console: a user's password check against the sealed hash of the login profile. */
export { checkSealedPassword } from './loginPassword.js';
