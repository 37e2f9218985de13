import { defineOperation } from '../../operation.js';
import { star } from '../lookups.js';
import { noSuchJob } from '../usage/advisor.js';
import { loadJob } from '../usage/jobs.js';
import { pageOf } from '../util.js';

/** iam:GetServiceLastAccessedDetails — a job's services, paged (MaxItems, Marker). */
export default defineOperation<{ JobId: string; MaxItems?: number; Marker?: string }, Record<string, unknown>>({
  service: 'iam',
  name: 'GetServiceLastAccessedDetails',
  checks: () => [star('iam:GetServiceLastAccessedDetails')],
  handle: async (input, ctx) => {
    const job = await loadJob(ctx, input.JobId);
    if (!job) throw noSuchJob(input.JobId);
    const { page, ...rest } = pageOf(job.services, input.Marker, input.MaxItems);
    return { JobStatus: 'COMPLETED', JobType: job.granularity, JobCreationDate: job.createdAt, ServicesLastAccessed: page, JobCompletionDate: job.createdAt, ...rest };
  },
});
