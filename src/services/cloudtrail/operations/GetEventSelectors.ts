import { defineOperation } from '../../operation.js';
import { loadTrail, settingsOf, trailArn, trailCheck } from '../trails.js';

/** cloudtrail:GetEventSelectors — the trail's event selectors (the default: every management event). */
export default defineOperation<{ TrailName: string }, unknown>({
  service: 'cloudtrail',
  name: 'GetEventSelectors',
  checks: (input, ctx) => trailCheck('GetEventSelectors', input.TrailName, ctx),
  handle: async (input, ctx) => {
    const t = await loadTrail(ctx, input.TrailName);
    return { TrailARN: trailArn(t.region, t.account_id, t.name), EventSelectors: settingsOf(t).selectors };
  },
});
