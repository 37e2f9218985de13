import { defineOperation } from '../../operation.js';
import { requireEntity } from '../lookups.js';
import { entityCheck, loadEntity, type EntityTarget } from '../targets.js';

/** iam:UpdateRole — Description and MaxSessionDuration (3600–43200, checked by the model). */
export default defineOperation<{ RoleName: string; Description?: string; MaxSessionDuration?: number }, Record<string, never>, EntityTarget>({
  service: 'iam',
  name: 'UpdateRole',
  prepare: (input, ctx) => loadEntity(ctx, 'role', input.RoleName),
  checks: (_input, _ctx, target) => [entityCheck(target, 'iam:UpdateRole')],
  handle: async (input, ctx) => {
    const r = await requireEntity(ctx.deps, ctx.caller.accountId, 'role', input.RoleName);
    const patch: { description?: string; max_session_duration?: number } = {};
    if (input.Description !== undefined) patch.description = input.Description;
    if (input.MaxSessionDuration !== undefined) patch.max_session_duration = input.MaxSessionDuration;
    if (Object.keys(patch).length > 0) await ctx.deps.store.repos.entities.update(r.id, patch);
    return {};
  },
});
