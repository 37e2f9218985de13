import { defineOperation } from '../../operation.js';
import { loadTrail, trailCheck, trailShape } from '../trails.js';

/** cloudtrail:GetTrail — one trail's settings. */
export default defineOperation<{ Name: string }, unknown>({
  service: 'cloudtrail',
  name: 'GetTrail',
  checks: (input, ctx) => trailCheck('GetTrail', input.Name, ctx),
  handle: async (input, ctx) => ({ Trail: trailShape(await loadTrail(ctx, input.Name)) }),
});
