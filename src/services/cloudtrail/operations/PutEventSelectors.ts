import { ServiceError } from '../../../core/errors.js';
import { defineOperation } from '../../operation.js';
import { CloudTrailErrors } from '../errors.js';
import { trailsChanged } from '../selection.js';
import { loadTrail, settingsOf, trailArn, trailCheck, validateSelectors, type EventSelector } from '../trails.js';

interface PutEventSelectorsInput {
  TrailName: string;
  EventSelectors?: Array<Partial<EventSelector>>;
  AdvancedEventSelectors?: unknown[];
}

/**
 * cloudtrail:PutEventSelectors — classic event selectors (ReadWriteType, IncludeManagementEvents, S3 object
 * data resources by ARN prefix, ExcludeManagementEventSources) replace the trail's. Advanced event selectors
 * are not supported (UnsupportedOperationException).
 */
export default defineOperation<PutEventSelectorsInput, unknown>({
  service: 'cloudtrail',
  name: 'PutEventSelectors',
  checks: (input, ctx) => trailCheck('PutEventSelectors', input.TrailName, ctx),
  handle: async (input, ctx) => {
    if (input.AdvancedEventSelectors !== undefined) {
      if (input.EventSelectors !== undefined) throw CloudTrailErrors.invalidEventSelectors('You cannot specify both EventSelectors and AdvancedEventSelectors.');
      throw new ServiceError('UnsupportedOperationException', 'Tessera supports EventSelectors only, not AdvancedEventSelectors.', 400);
    }
    if (input.EventSelectors === undefined) throw CloudTrailErrors.invalidEventSelectors('You must specify EventSelectors or AdvancedEventSelectors.');
    const selectors = validateSelectors(input.EventSelectors);
    const t = await loadTrail(ctx, input.TrailName);
    await ctx.deps.store.repos.audit.updateTrail(t.account_id, t.name, { settings: JSON.stringify({ ...settingsOf(t), selectors, custom: true }) });
    await trailsChanged(ctx.deps);
    return { TrailARN: trailArn(t.region, t.account_id, t.name), EventSelectors: selectors };
  },
});
