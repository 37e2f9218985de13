import { defineOperation } from '../../operation.js';
import { IamErrors } from '../errors.js';
import { accountPasswordPolicy, getLoginProfile } from '../logins.js';
import { requireEntity } from '../lookups.js';
import { sealedPasswordHash } from '../loginPassword.js';
import { checkPassword } from '../password.js';
import { entityCheck, loadEntity, type EntityTarget } from '../targets.js';

/** iam:UpdateLoginProfile — new password and/or PasswordResetRequired. */
export default defineOperation<{ UserName: string; Password?: string; PasswordResetRequired?: boolean }, undefined, EntityTarget>({
  service: 'iam',
  name: 'UpdateLoginProfile',
  prepare: (input, ctx) => loadEntity(ctx, 'user', input.UserName),
  checks: (_input, _ctx, target) => [entityCheck(target, 'iam:UpdateLoginProfile')],
  handle: async (input, ctx) => {
    const u = await requireEntity(ctx.deps, ctx.caller.accountId, 'user', input.UserName);
    if (!(await getLoginProfile(ctx, u.id))) throw IamErrors.noSuchLoginProfile(u.name);
    const patch: { password_hash?: string; reset_required?: number; password_changed_at?: number } = {};
    if (input.Password !== undefined) {
      checkPassword(input.Password, await accountPasswordPolicy(ctx));
      patch.password_hash = await sealedPasswordHash(ctx.deps.keyring, u.id, input.Password);
      patch.password_changed_at = ctx.now;
    }
    if (input.PasswordResetRequired !== undefined) patch.reset_required = input.PasswordResetRequired ? 1 : 0;
    if (Object.keys(patch).length) await ctx.deps.store.repos.loginProfiles.update(u.id, patch);
    return undefined;
  },
});
