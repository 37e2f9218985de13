/** Login profiles and the account password policy. */
import type { OperationContext } from '../operation.js';
import type { IamLoginProfilesTable } from '../../store/schema-iam.js';
import { noSuchEntity } from './errors.js';
import type { PasswordPolicy } from './password.js';

export async function accountPasswordPolicy(ctx: OperationContext): Promise<PasswordPolicy | undefined> {
  const policy = await ctx.deps.store.repos.accountSettings.getPasswordPolicy(ctx.caller.accountId);
  return policy !== undefined ? (JSON.parse(policy) as PasswordPolicy) : undefined;
}

export const noPasswordPolicy = (accountId: string) => noSuchEntity(`The Password Policy with domain name ${accountId} cannot be found.`);

export const getLoginProfile = (ctx: OperationContext, userId: string): Promise<IamLoginProfilesTable | undefined> =>
  ctx.deps.store.repos.loginProfiles.get(userId);

/** For the console: a user's password check against the sealed hash of the login profile. */
export { checkSealedPassword } from './loginPassword.js';
