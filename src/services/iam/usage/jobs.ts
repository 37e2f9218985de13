/**
 * Access advisor jobs: GenerateServiceLastAccessedDetails computes the report at once (JobStatus COMPLETED)
 * and keeps it with the account's reports under its job id; the Get operations page through it.
 */
import { randomUUID } from 'node:crypto';
import type { OperationContext } from '../../operation.js';
import { allowedPatterns, allowedServices, allowedTrackedActions, namesOfServices, policiesOf, principalsOf, type AdvisorTarget } from './advisor.js';
import { TRACKED_SERVICES } from './recorder.js';
import { rowArn } from '../util.js';

export type Granularity = 'SERVICE_LEVEL' | 'ACTION_LEVEL';

export interface ServiceEntry {
  ServiceName: string;
  ServiceNamespace: string;
  LastAuthenticated?: number;
  LastAuthenticatedEntity?: string;
  LastAuthenticatedRegion?: string;
  TotalAuthenticatedEntities: number;
  TrackedActionsLastAccessed?: Array<{ ActionName: string; LastAccessedEntity?: string; LastAccessedTime?: number; LastAccessedRegion?: string }>;
}

export interface EntityDetail {
  EntityInfo: { Arn: string; Name: string; Type: 'USER' | 'ROLE'; Id: string; Path: string };
  LastAuthenticated?: number;
}

export interface Job {
  kind: 'service-last-accessed';
  arn: string;
  granularity: Granularity;
  createdAt: number;
  services: ServiceEntry[];
  /** Namespace → the principals that accessed it, latest first. */
  entities: Record<string, EntityDetail[]>;
}

/** The job's report for the target, as of now. */
export async function computeJob(ctx: OperationContext, target: AdvisorTarget, granularity: Granularity): Promise<Job> {
  await ctx.deps.usage?.flush();
  const names = namesOfServices();
  const patterns = (await policiesOf(ctx, target)).flatMap((p) => allowedPatterns(p.document));
  const principals = await principalsOf(ctx, target);
  const byId = new Map(principals.map((p) => [p.id, p]));
  const rows = await ctx.deps.store.repos.usage.accessOf([...byId.keys()]);
  const services: ServiceEntry[] = [];
  const entities: Record<string, EntityDetail[]> = {};
  for (const ns of allowedServices(patterns, Object.keys(names))) {
    const serviceRows = rows.filter((r) => r.service === ns && r.action === '').sort((a, b) => b.last_at - a.last_at);
    const latest = serviceRows[0];
    const entry: ServiceEntry = { ServiceName: names[ns]!, ServiceNamespace: ns, TotalAuthenticatedEntities: serviceRows.length };
    if (latest) {
      entry.LastAuthenticated = latest.last_at;
      entry.LastAuthenticatedEntity = rowArn(byId.get(latest.entity_id)!);
      entry.LastAuthenticatedRegion = latest.region;
    }
    if (granularity === 'ACTION_LEVEL' && TRACKED_SERVICES.has(ns)) {
      entry.TrackedActionsLastAccessed = allowedTrackedActions(patterns, ns).map((name) => {
        const hit = rows.filter((r) => r.service === ns && r.action === name).sort((a, b) => b.last_at - a.last_at)[0];
        return hit
          ? { ActionName: name, LastAccessedEntity: rowArn(byId.get(hit.entity_id)!), LastAccessedTime: hit.last_at, LastAccessedRegion: hit.region }
          : { ActionName: name };
      });
    }
    services.push(entry);
    entities[ns] = serviceRows.map((r) => {
      const e = byId.get(r.entity_id)!;
      return { EntityInfo: { Arn: rowArn(e), Name: e.name, Type: e.kind === 'role' ? 'ROLE' : 'USER', Id: e.id, Path: e.path }, LastAuthenticated: r.last_at };
    });
  }
  services.sort((a, b) => (a.ServiceName < b.ServiceName ? -1 : a.ServiceName > b.ServiceName ? 1 : 0));
  return { kind: 'service-last-accessed', arn: target.arn, granularity, createdAt: ctx.now, services, entities };
}

/** How long a job's report is kept (then its JobId is unknown: NoSuchEntity). Older reports of every kind go with it. */
export const JOB_TTL_MS = 30 * 86_400_000;

/** Stores the job under a new id (and forgets reports older than JOB_TTL_MS); returns the id. */
export async function saveJob(ctx: OperationContext, job: Job): Promise<string> {
  await ctx.deps.store.repos.usage.deleteReportsBefore(ctx.now - JOB_TTL_MS);
  const id = randomUUID();
  await ctx.deps.store.repos.usage.putReport({ account_id: ctx.caller.accountId, id: `job:${id}`, created_at: job.createdAt, body: JSON.stringify(job) });
  return id;
}

/** The caller's account's job with this id, or undefined. */
export async function loadJob(ctx: OperationContext, jobId: string): Promise<Job | undefined> {
  const r = await ctx.deps.store.repos.usage.getReport(ctx.caller.accountId, `job:${jobId}`);
  return r ? (JSON.parse(r.body) as Job) : undefined;
}
