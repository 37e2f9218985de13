import { defineOperation } from '../../operation.js';
import { requireEntity, userTarget } from '../lookups.js';
import { userOut } from '../model.js';
import { entityCheck, loadUserTarget, type EntityTarget, type RootTarget } from '../targets.js';

/** iam:GetUser — without UserName, the caller (an IAM user, or the root user). */
export default defineOperation<{ UserName?: string }, { User: Record<string, unknown> }, EntityTarget | RootTarget>({
  service: 'iam',
  name: 'GetUser',
  prepare: (input, ctx) => loadUserTarget(ctx, input.UserName),
  checks: (_input, _ctx, target) => [entityCheck(target, 'iam:GetUser')],
  handle: async (input, ctx) => {
    const t = userTarget(input.UserName, ctx.caller);
    if (t.kind === 'root') {
      const account = await ctx.deps.store.repos.accounts.get(ctx.caller.accountId);
      return { User: { UserId: ctx.caller.accountId, Arn: ctx.caller.arn, CreateDate: account?.created_at ?? ctx.now } };
    }
    return { User: userOut(await requireEntity(ctx.deps, ctx.caller.accountId, 'user', t.name)) };
  },
});
