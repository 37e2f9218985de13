import { defineOperation } from '../../operation.js';
import { star } from '../lookups.js';
import type { PasswordPolicy } from '../password.js';

type Input = Omit<PasswordPolicy, 'ExpirePasswords'>;

/** iam:UpdateAccountPasswordPolicy — replaces the policy; omitted values take AWS's defaults. */
export default defineOperation<Input, undefined>({
  service: 'iam',
  name: 'UpdateAccountPasswordPolicy',
  checks: () => [star('iam:UpdateAccountPasswordPolicy')],
  handle: async (input, ctx) => {
    const policy: PasswordPolicy = {
      MinimumPasswordLength: input.MinimumPasswordLength ?? 6,
      RequireSymbols: input.RequireSymbols ?? false,
      RequireNumbers: input.RequireNumbers ?? false,
      RequireUppercaseCharacters: input.RequireUppercaseCharacters ?? false,
      RequireLowercaseCharacters: input.RequireLowercaseCharacters ?? false,
      AllowUsersToChangePassword: input.AllowUsersToChangePassword ?? false,
      ExpirePasswords: (input.MaxPasswordAge ?? 0) > 0,
      ...(input.MaxPasswordAge ? { MaxPasswordAge: input.MaxPasswordAge } : {}),
      ...(input.PasswordReusePrevention ? { PasswordReusePrevention: input.PasswordReusePrevention } : {}),
      HardExpiry: input.HardExpiry ?? false,
    };
    const text = JSON.stringify(policy);
    await ctx.deps.store.repos.accountSettings.putPasswordPolicy(ctx.caller.accountId, text);
    return undefined;
  },
});
