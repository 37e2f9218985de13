import { defineOperation } from '../../operation.js';
import { trailsChanged } from '../selection.js';
import { loadTrail, settingsOf, trailCheck } from '../trails.js';

/** cloudtrail:StopLogging — calls from now on are not delivered; those before are, at the next deliveries. */
export default defineOperation<{ Name: string }, unknown>({
  service: 'cloudtrail',
  name: 'StopLogging',
  checks: (input, ctx) => trailCheck('StopLogging', input.Name, ctx),
  handle: async (input, ctx) => {
    const t = await loadTrail(ctx, input.Name);
    if (t.logging !== 1) return {};
    await ctx.deps.store.repos.audit.updateTrail(t.account_id, t.name, { logging: 0, logging_changed_at: ctx.now, settings: JSON.stringify({ ...settingsOf(t), stoppedAt: ctx.now }) });
    await trailsChanged(ctx.deps);
    return {};
  },
});
