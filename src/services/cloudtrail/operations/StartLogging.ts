import { defineOperation } from '../../operation.js';
import { trailsChanged } from '../selection.js';
import { loadTrail, settingsOf, trailCheck } from '../trails.js';

/**
 * cloudtrail:StartLogging — the trail delivers the calls made from now on; the calls made while it was
 * stopped are never delivered (its records before the StopLogging still are).
 */
export default defineOperation<{ Name: string }, unknown>({
  service: 'cloudtrail',
  name: 'StartLogging',
  checks: (input, ctx) => trailCheck('StartLogging', input.Name, ctx),
  handle: async (input, ctx) => {
    const t = await loadTrail(ctx, input.Name);
    if (t.logging === 1) return {};
    const s = settingsOf(t);
    const now = ctx.now;
    const settings = { ...s, startedAt: now, ...(s.stoppedAt !== undefined ? { paused: { from: s.stoppedAt, to: now } } : {}) };
    await ctx.deps.store.repos.audit.updateTrail(t.account_id, t.name, {
      logging: 1,
      logging_changed_at: now,
      settings: JSON.stringify(settings),
      // Never started: delivery begins with this call. Restarted: from where it was (the pause is skipped).
      ...(s.startedAt === undefined ? { delivered_time: now - 1, delivered_id: '' } : {}),
    });
    await trailsChanged(ctx.deps);
    return {};
  },
});
