import { defineOperation } from '../../operation.js';
import { requireEntity } from '../lookups.js';
import { roleOut } from '../model.js';
import { entityCheck, loadEntity, type EntityTarget } from '../targets.js';

/** iam:GetRole — the trust policy URL-encoded, boundary, tags, RoleLastUsed. */
export default defineOperation<{ RoleName: string }, Record<string, unknown>, EntityTarget>({
  service: 'iam',
  name: 'GetRole',
  prepare: (input, ctx) => loadEntity(ctx, 'role', input.RoleName),
  checks: (_input, _ctx, target) => [entityCheck(target, 'iam:GetRole')],
  handle: async (input, ctx) => {
    // This process's pending uses first, so RoleLastUsed includes them.
    await ctx.deps.usage?.flush();
    return { Role: roleOut(await requireEntity(ctx.deps, ctx.caller.accountId, 'role', input.RoleName)) };
  },
});
