import { ServiceError } from '../../../core/errors.js';
import { defineOperation } from '../../operation.js';
import { trailsChanged } from '../selection.js';
import { checkBucketPolicy, loadTrail, refuseUnsupported, settingsOf, trailAnswer, trailArn, trailCheck, validatePrefix, type TrailMembers } from '../trails.js';

type UpdateTrailInput = TrailMembers;

/**
 * cloudtrail:UpdateTrail — the members given replace the trail's; a new bucket or prefix is checked like
 * CreateTrail's. Turning log file validation off ends the digest chain; on again starts a new digest period.
 */
export default defineOperation<UpdateTrailInput, unknown>({
  service: 'cloudtrail',
  name: 'UpdateTrail',
  checks: (input, ctx) => trailCheck('UpdateTrail', input.Name, ctx),
  handle: async (input, ctx) => {
    refuseUnsupported(input);
    validatePrefix(input.S3KeyPrefix);
    const t = await loadTrail(ctx, input.Name);
    const s = settingsOf(t);
    const multiRegion = input.IsMultiRegionTrail ?? s.multiRegion;
    const includeGlobal = input.IncludeGlobalServiceEvents ?? s.includeGlobal;
    if (multiRegion && !includeGlobal) throw new ServiceError('InvalidParameterCombinationException', 'Multi-Region trail must include global service events.', 400);
    const bucket = input.S3BucketName ?? t.bucket;
    const prefix = input.S3KeyPrefix !== undefined ? input.S3KeyPrefix || null : t.prefix;
    if (bucket !== t.bucket || prefix !== t.prefix) await checkBucketPolicy(ctx.deps, bucket, prefix, t.account_id, trailArn(t.region, t.account_id, t.name));
    const updated = { ...t, bucket, prefix, settings: JSON.stringify({ ...s, multiRegion, includeGlobal, validation: input.EnableLogFileValidation ?? s.validation }) };
    await ctx.deps.store.repos.audit.updateTrail(t.account_id, t.name, { bucket, prefix, settings: updated.settings });
    await trailsChanged(ctx.deps);
    return trailAnswer(updated);
  },
});
