import { ServiceError } from '../../../core/errors.js';
import { defineQueryOperation } from '../../operation.js';
import { IamErrors, invalidInput } from '../errors.js';
import { accountPasswordPolicy, getLoginProfile } from '../logins.js';
import { requireEntity } from '../lookups.js';
import { checkPassword, hashPassword, verifyPassword } from '../password.js';

/** iam:ChangePassword — an IAM user changes its own console password (old password required). */
export default defineQueryOperation<{ OldPassword: string; NewPassword: string }, undefined>({
  service: 'iam',
  name: 'ChangePassword',
  authorize: (_input, { caller }) => [{ action: 'iam:ChangePassword', resource: caller.arn }],
  handle: async (input, ctx) => {
    if (ctx.caller.type !== 'user' || !ctx.caller.userName) {
      throw new ServiceError('InvalidUserType', 'Only IAM Users can change their own password.', 400);
    }
    const u = await requireEntity(ctx.deps, ctx.caller.accountId, 'user', ctx.caller.userName);
    const p = await getLoginProfile(ctx, u.id);
    if (!p) throw IamErrors.noSuchLoginProfile(u.name);
    if (!(await verifyPassword(input.OldPassword, p.password_hash))) throw invalidInput('The old password was incorrect.');
    checkPassword(input.NewPassword, await accountPasswordPolicy(ctx));
    await ctx.deps.store.db
      .updateTable('iam_login_profiles')
      .set({ password_hash: await hashPassword(input.NewPassword), reset_required: 0 })
      .where('user_id', '=', u.id)
      .execute();
    return undefined;
  },
});
