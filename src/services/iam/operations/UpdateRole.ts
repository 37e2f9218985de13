import { defineQueryOperation } from '../../operation.js';
import { entityCheck, requireEntity } from '../lookups.js';

/** iam:UpdateRole — Description and MaxSessionDuration (3600–43200, checked by the model). */
export default defineQueryOperation<{ RoleName: string; Description?: string; MaxSessionDuration?: number }, Record<string, never>>({
  service: 'iam',
  name: 'UpdateRole',
  authorize: async (input, ctx) => [await entityCheck(ctx, 'iam:UpdateRole', 'role', input.RoleName)],
  handle: async (input, ctx) => {
    const r = await requireEntity(ctx.deps, ctx.caller.accountId, 'role', input.RoleName);
    const patch: { description?: string; max_session_duration?: number } = {};
    if (input.Description !== undefined) patch.description = input.Description;
    if (input.MaxSessionDuration !== undefined) patch.max_session_duration = input.MaxSessionDuration;
    if (Object.keys(patch).length > 0) await ctx.deps.store.repos.entities.update(r.id, patch);
    return {};
  },
});
