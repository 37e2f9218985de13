import { ServiceError } from '../../../core/errors.js';
import { defineOperation } from '../../operation.js';
import { CloudTrailErrors } from '../errors.js';
import { DEFAULT_SELECTORS, MAX_TRAILS, checkBucketPolicy, refuseUnsupported, trailAnswer, trailArn, trailCheck, validatePrefix, validateTrailName, type TrailMembers, type TrailSettings } from '../trails.js';

interface CreateTrailInput extends TrailMembers {
  S3BucketName: string;
  TagsList?: unknown[];
}

/**
 * cloudtrail:CreateTrail — a trail of the caller's account in this region (not logging until StartLogging),
 * delivering to a bucket whose policy lets CloudTrail write (InsufficientS3BucketPolicyException otherwise).
 * A multi-region trail is accepted: Tessera is one region, so it is the same trail.
 */
export default defineOperation<CreateTrailInput, unknown>({
  service: 'cloudtrail',
  name: 'CreateTrail',
  checks: (input, ctx) => trailCheck('CreateTrail', input.Name, ctx),
  handle: async (input, ctx) => {
    const { deps, caller, now } = ctx;
    refuseUnsupported(input);
    if (!deps.audit) throw new ServiceError('UnsupportedOperationException', 'Trails deliver the audit trail: this server runs without it (--audit off).', 400);
    validateTrailName(input.Name);
    validatePrefix(input.S3KeyPrefix);
    const multiRegion = input.IsMultiRegionTrail ?? false;
    const includeGlobal = input.IncludeGlobalServiceEvents ?? true;
    if (multiRegion && !includeGlobal) throw new ServiceError('InvalidParameterCombinationException', 'Multi-Region trail must include global service events.', 400);
    const region = deps.config.region;
    const existing = await deps.store.repos.audit.listTrails(caller.accountId);
    if (existing.some((t) => t.name === input.Name)) throw CloudTrailErrors.trailAlreadyExists(input.Name, caller.accountId);
    if (existing.length >= MAX_TRAILS) throw new ServiceError('MaximumNumberOfTrailsExceededException', `User: ${caller.accountId} already has ${MAX_TRAILS} trails in ${region}.`, 400);
    const prefix = input.S3KeyPrefix || null;
    await checkBucketPolicy(deps, input.S3BucketName, prefix, caller.accountId, trailArn(region, caller.accountId, input.Name));
    const settings: TrailSettings = { includeGlobal, multiRegion, validation: input.EnableLogFileValidation ?? false, selectors: DEFAULT_SELECTORS, custom: false };
    const row = {
      account_id: caller.accountId,
      name: input.Name,
      region,
      bucket: input.S3BucketName,
      prefix,
      settings: JSON.stringify(settings),
      logging: 0,
      created_at: now,
      logging_changed_at: null,
      delivered_time: now,
      delivered_id: '',
      last_delivery_at: null,
      last_delivery_error: null,
      delivery: null,
    };
    if (!(await deps.store.repos.audit.createTrail(row))) throw CloudTrailErrors.trailAlreadyExists(input.Name, caller.accountId);
    return trailAnswer(row);
  },
});
