import { defineOperation } from '../../operation.js';
import { isoSecond, stateOf } from '../delivery.js';
import { loadTrail, settingsOf, trailCheck } from '../trails.js';

/** cloudtrail:GetTrailStatus — logging, and the last deliveries of log and digest files with their errors (S3's error codes). */
export default defineOperation<{ Name: string }, unknown>({
  service: 'cloudtrail',
  name: 'GetTrailStatus',
  checks: (input, ctx) => trailCheck('GetTrailStatus', input.Name, ctx),
  handle: async (input, ctx) => {
    const t = await loadTrail(ctx, input.Name);
    const s = settingsOf(t);
    const st = stateOf(t);
    return {
      IsLogging: t.logging === 1,
      ...(t.last_delivery_error ? { LatestDeliveryError: t.last_delivery_error } : {}),
      ...(t.last_delivery_at !== null ? { LatestDeliveryTime: t.last_delivery_at, LatestDeliveryAttemptSucceeded: isoSecond(t.last_delivery_at) } : {}),
      ...(st.attemptAt !== undefined ? { LatestDeliveryAttemptTime: isoSecond(st.attemptAt) } : {}),
      ...(s.startedAt !== undefined ? { StartLoggingTime: s.startedAt, TimeLoggingStarted: isoSecond(s.startedAt) } : {}),
      ...(s.stoppedAt !== undefined ? { StopLoggingTime: s.stoppedAt, TimeLoggingStopped: isoSecond(s.stoppedAt) } : {}),
      ...(st.lastDigestAt !== undefined ? { LatestDigestDeliveryTime: st.lastDigestAt } : {}),
      ...(st.digestError ? { LatestDigestDeliveryError: st.digestError } : {}),
    };
  },
});
