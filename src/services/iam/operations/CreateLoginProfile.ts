import { Errors } from '../../../core/errors.js';
import { defineOperation } from '../../operation.js';
import { IamErrors, isUniqueViolation } from '../errors.js';
import { accountPasswordPolicy } from '../logins.js';
import { requireEntity } from '../lookups.js';
import { sealedPasswordHash } from '../loginPassword.js';
import { checkPassword } from '../password.js';
import { entityCheck, loadEntity, type EntityTarget } from '../targets.js';

/** iam:CreateLoginProfile — a console password, stored as a scrypt hash sealed with the key ring. */
export default defineOperation<{ UserName?: string; Password?: string; PasswordResetRequired?: boolean }, Record<string, unknown>, EntityTarget>({
  service: 'iam',
  name: 'CreateLoginProfile',
  prepare: (input, ctx) => loadEntity(ctx, 'user', input.UserName ?? ctx.caller.userName ?? ''),
  checks: (_input, _ctx, target) => [entityCheck(target, 'iam:CreateLoginProfile')],
  handle: async (input, ctx) => {
    const name = input.UserName ?? (ctx.caller.type === 'user' ? ctx.caller.userName : undefined);
    if (!name) throw Errors.validation('Must specify userName when calling with non-User credentials');
    if (input.Password === undefined) throw Errors.validation('1 validation error detected: Value null at \'password\' failed to satisfy constraint: Member must not be null');
    const u = await requireEntity(ctx.deps, ctx.caller.accountId, 'user', name);
    checkPassword(input.Password, await accountPasswordPolicy(ctx));
    const row = { user_id: u.id, account_id: u.account_id, password_hash: await sealedPasswordHash(ctx.deps.keyring, u.id, input.Password), reset_required: input.PasswordResetRequired ? 1 : 0, created_at: ctx.now };
    try {
      await ctx.deps.store.repos.loginProfiles.insert(row);
    } catch (e) {
      if (isUniqueViolation(e)) throw IamErrors.loginProfileExists(u.name);
      throw e;
    }
    return { LoginProfile: { UserName: u.name, CreateDate: ctx.now, PasswordResetRequired: !!input.PasswordResetRequired } };
  },
});
