import { defineOperation } from '../../operation.js';
import { prepareTarget, targetOf, targetResource, type PreparedTarget } from '../usage/advisor.js';
import { computeJob, saveJob, type Granularity } from '../usage/jobs.js';

/**
 * iam:GenerateServiceLastAccessedDetails — a report of the services the entity's (user, group, role) or
 * managed policy's documents allow, with when each was last accessed by the principals behind it; at
 * ACTION_LEVEL, the tracked actions too. Authorized on the ARN; completed before the answer (the JobId's
 * JobStatus is COMPLETED at once).
 */
export default defineOperation<{ Arn: string; Granularity?: Granularity }, { JobId: string }, PreparedTarget>({
  service: 'iam',
  name: 'GenerateServiceLastAccessedDetails',
  prepare: (input, ctx) => prepareTarget(ctx, input.Arn),
  checks: (input) => [{ action: 'iam:GenerateServiceLastAccessedDetails', resource: targetResource(input.Arn) }],
  handle: async (input, ctx, prepared) => {
    const job = await computeJob(ctx, targetOf(prepared), input.Granularity ?? 'SERVICE_LEVEL');
    return { JobId: await saveJob(ctx, job) };
  },
});
