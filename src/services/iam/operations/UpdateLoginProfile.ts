import { defineQueryOperation } from '../../operation.js';
import { IamErrors } from '../errors.js';
import { accountPasswordPolicy, getLoginProfile } from '../logins.js';
import { entityCheck, requireEntity } from '../lookups.js';
import { sealedPasswordHash } from '../loginPassword.js';
import { checkPassword } from '../password.js';

/** iam:UpdateLoginProfile — new password and/or PasswordResetRequired. */
export default defineQueryOperation<{ UserName: string; Password?: string; PasswordResetRequired?: boolean }, undefined>({
  service: 'iam',
  name: 'UpdateLoginProfile',
  authorize: async (input, ctx) => [await entityCheck(ctx, 'iam:UpdateLoginProfile', 'user', input.UserName)],
  handle: async (input, ctx) => {
    const u = await requireEntity(ctx.deps, ctx.caller.accountId, 'user', input.UserName);
    if (!(await getLoginProfile(ctx, u.id))) throw IamErrors.noSuchLoginProfile(u.name);
    const patch: { password_hash?: string; reset_required?: number } = {};
    if (input.Password !== undefined) {
      checkPassword(input.Password, await accountPasswordPolicy(ctx));
      patch.password_hash = await sealedPasswordHash(ctx.deps.keyring, u.id, input.Password);
    }
    if (input.PasswordResetRequired !== undefined) patch.reset_required = input.PasswordResetRequired ? 1 : 0;
    if (Object.keys(patch).length) await ctx.deps.store.repos.loginProfiles.update(u.id, patch);
    return undefined;
  },
});
