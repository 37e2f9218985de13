import { parseArn } from '../../../core/arn.js';
import { isServiceError, type ServiceError } from '../../../core/errors.js';
import { defineOperation } from '../../operation.js';
import { resolveTarget, type AdvisorTarget } from '../usage/advisor.js';
import { computeJob, saveJob, type Granularity } from '../usage/jobs.js';

type Prepared = { target: AdvisorTarget } | { error: ServiceError };

/**
 * iam:GenerateServiceLastAccessedDetails — a report of the services the entity's (user, group, role) or
 * managed policy's documents allow, with when each was last accessed by the principals behind it; at
 * ACTION_LEVEL, the tracked actions too. Authorized on the ARN; completed before the answer (the JobId's
 * JobStatus is COMPLETED at once).
 */
export default defineOperation<{ Arn: string; Granularity?: Granularity }, { JobId: string }, Prepared>({
  service: 'iam',
  name: 'GenerateServiceLastAccessedDetails',
  prepare: async (input, ctx) => {
    try {
      return { target: await resolveTarget(ctx, input.Arn) };
    } catch (e) {
      if (isServiceError(e)) return { error: e };
      throw e;
    }
  },
  checks: (input) => [{ action: 'iam:GenerateServiceLastAccessedDetails', resource: parseArn(input.Arn)?.service === 'iam' ? input.Arn : '*' }],
  handle: async (input, ctx, prepared) => {
    if ('error' in prepared) throw prepared.error;
    const job = await computeJob(ctx, prepared.target, input.Granularity ?? 'SERVICE_LEVEL');
    return { JobId: await saveJob(ctx, job) };
  },
});
