import { defineOperation } from '../../operation.js';
import { requireEntity } from '../lookups.js';
import { roleOut } from '../model.js';
import { entityCheck, loadEntity, type EntityTarget } from '../targets.js';

/** iam:UpdateRoleDescription — sets the description and returns the role (AWS allows it on service-linked roles too). */
export default defineOperation<{ RoleName: string; Description: string }, Record<string, unknown>, EntityTarget>({
  service: 'iam',
  name: 'UpdateRoleDescription',
  prepare: (input, ctx) => loadEntity(ctx, 'role', input.RoleName),
  checks: (_input, _ctx, target) => [entityCheck(target, 'iam:UpdateRoleDescription')],
  handle: async (input, ctx) => {
    const r = await requireEntity(ctx.deps, ctx.caller.accountId, 'role', input.RoleName);
    await ctx.deps.store.repos.entities.update(r.id, { description: input.Description });
    return { Role: roleOut({ ...r, description: input.Description }) };
  },
});
