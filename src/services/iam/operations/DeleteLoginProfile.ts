import { defineQueryOperation } from '../../operation.js';
import { IamErrors } from '../errors.js';
import { entityCheck, requireEntity } from '../lookups.js';

/** iam:DeleteLoginProfile */
export default defineQueryOperation<{ UserName: string }, undefined>({
  service: 'iam',
  name: 'DeleteLoginProfile',
  authorize: async (input, ctx) => [await entityCheck(ctx, 'iam:DeleteLoginProfile', 'user', input.UserName)],
  handle: async (input, ctx) => {
    const u = await requireEntity(ctx.deps, ctx.caller.accountId, 'user', input.UserName);
    const r = await ctx.deps.store.db.deleteFrom('iam_login_profiles').where('user_id', '=', u.id).executeTakeFirst();
    if (Number(r.numDeletedRows) === 0) throw IamErrors.noSuchLoginProfile(u.name);
    return undefined;
  },
});
