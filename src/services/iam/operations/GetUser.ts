import { defineQueryOperation } from '../../operation.js';
import { requireEntity, userTarget, userTargetCheck } from '../lookups.js';
import { userOut } from '../model.js';

/** iam:GetUser — without UserName, the caller (an IAM user, or the root user). */
export default defineQueryOperation<{ UserName?: string }, { User: Record<string, unknown> }>({
  service: 'iam',
  name: 'GetUser',
  authorize: async (input, ctx) => [await userTargetCheck(ctx, 'iam:GetUser', input.UserName)],
  handle: async (input, ctx) => {
    const t = userTarget(input.UserName, ctx.caller);
    if (t.kind === 'root') {
      const account = await ctx.deps.store.repos.accounts.get(ctx.caller.accountId);
      return { User: { UserId: ctx.caller.accountId, Arn: ctx.caller.arn, CreateDate: account?.created_at ?? ctx.now } };
    }
    return { User: userOut(await requireEntity(ctx.deps, ctx.caller.accountId, 'user', t.name)) };
  },
});
