import { defineOperation } from '../../operation.js';
import { star } from '../lookups.js';
import { noSuchJob } from '../usage/advisor.js';
import { loadJob } from '../usage/jobs.js';
import { pageOf } from '../util.js';

/** iam:GetServiceLastAccessedDetailsWithEntities — the principals of a job that accessed one service, latest first. */
export default defineOperation<{ JobId: string; ServiceNamespace: string; MaxItems?: number; Marker?: string }, Record<string, unknown>>({
  service: 'iam',
  name: 'GetServiceLastAccessedDetailsWithEntities',
  checks: () => [star('iam:GetServiceLastAccessedDetailsWithEntities')],
  handle: async (input, ctx) => {
    const job = await loadJob(ctx, input.JobId);
    if (!job) throw noSuchJob(input.JobId);
    const { page, ...rest } = pageOf(job.entities[input.ServiceNamespace] ?? [], input.Marker, input.MaxItems);
    return { JobStatus: 'COMPLETED', JobCreationDate: job.createdAt, JobCompletionDate: job.createdAt, EntityDetailsList: page, ...rest };
  },
});
