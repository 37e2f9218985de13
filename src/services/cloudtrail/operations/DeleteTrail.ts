import { defineOperation } from '../../operation.js';
import { CloudTrailErrors } from '../errors.js';
import { trailsChanged } from '../selection.js';
import { loadTrail, trailCheck } from '../trails.js';

/** cloudtrail:DeleteTrail — the trail stops delivering; the files it delivered stay in their bucket. */
export default defineOperation<{ Name: string }, unknown>({
  service: 'cloudtrail',
  name: 'DeleteTrail',
  checks: (input, ctx) => trailCheck('DeleteTrail', input.Name, ctx),
  handle: async (input, ctx) => {
    const t = await loadTrail(ctx, input.Name);
    if (!(await ctx.deps.store.repos.audit.deleteTrail(t.account_id, t.name))) throw CloudTrailErrors.trailNotFound(input.Name, ctx.caller.accountId, ctx.deps.config.region);
    await trailsChanged(ctx.deps);
    return {};
  },
});
