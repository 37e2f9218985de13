import { beginAttempt, throttleKeys } from '../../../auth/throttle.js';
import { ServiceError } from '../../../core/errors.js';
import { defineOperation } from '../../operation.js';
import { IamErrors, invalidInput, limitExceeded } from '../errors.js';
import { checkSealedPassword, sealedPasswordHash } from '../loginPassword.js';
import { accountPasswordPolicy, getLoginProfile } from '../logins.js';
import { requireEntity } from '../lookups.js';
import { checkPassword } from '../password.js';

/**
 * iam:ChangePassword — an IAM user changes its own console password (old password required). The old-password
 * check spends the same throttle budget as the user's console sign-in, so it is no way around it.
 */
export default defineOperation<{ OldPassword: string; NewPassword: string }, undefined>({
  service: 'iam',
  name: 'ChangePassword',
  checks: (_input, { caller }) => [{ action: 'iam:ChangePassword', resource: caller.arn }],
  handle: async (input, ctx) => {
    if (ctx.caller.type !== 'user' || !ctx.caller.userName) {
      throw new ServiceError('InvalidUserType', 'Only IAM Users can change their own password.', 400);
    }
    const u = await requireEntity(ctx.deps, ctx.caller.accountId, 'user', ctx.caller.userName);
    const p = await getLoginProfile(ctx, u.id);
    if (!p) throw IamErrors.noSuchLoginProfile(u.name);
    const attempt = await beginAttempt(ctx.deps.store, throttleKeys.userSignin(u.account_id, undefined, u.name), ctx.now);
    if (!attempt.allowed) throw limitExceeded(`Too many failed password attempts. Try again in ${attempt.retryAfterSeconds} seconds.`);
    if (!(await checkSealedPassword(ctx.deps.keyring, u.id, input.OldPassword, p.password_hash))) throw invalidInput('The old password was incorrect.');
    await attempt.succeeded();
    checkPassword(input.NewPassword, await accountPasswordPolicy(ctx));
    await ctx.deps.store.repos.loginProfiles.update(u.id, { password_hash: await sealedPasswordHash(ctx.deps.keyring, u.id, input.NewPassword), reset_required: 0, password_changed_at: ctx.now });
    return undefined;
  },
});
