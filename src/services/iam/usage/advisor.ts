/**
 * The access advisor (GenerateServiceLastAccessedDetails and its readers, ListPoliciesGrantingServiceAccess):
 * which services an entity's policies allow, and when the principals behind it last accessed each one, from
 * the uses services/iam/usage/recorder.ts recorded. The entity is a user (its own and its groups' policies),
 * a group (its policies; its members' accesses), a role, or a managed policy (its document; the accesses of
 * the users, roles and group members it is attached to).
 */
import { readFileSync } from 'node:fs';
import { allActions } from '../../../authz/catalog/index.js';
import { parseArn } from '../../../core/arn.js';
import { isServiceError, type ServiceError } from '../../../core/errors.js';
import { sourcePath } from '../../../core/paths.js';
import type { IamEntitiesTable } from '../../../store/schema-iam.js';
import type { OperationContext } from '../../operation.js';
import { IamErrors, invalidInput, noSuchEntity } from '../errors.js';
import { findManagedPolicy, managedDocument } from '../lookups.js';
import { rowArn } from '../util.js';
import { isTrackedAction } from './recorder.js';

let serviceNames: Record<string, string> | undefined;
/** Namespace → the service's full name (generated from botocore's models by scripts/extract-service-names.py). */
export const namesOfServices = (): Record<string, string> => (serviceNames ??= JSON.parse(readFileSync(sourcePath('services', 'iam', 'usage', 'serviceNames.json'), 'utf8')) as Record<string, string>);

export type AdvisorTarget =
  | { type: 'user' | 'group' | 'role'; arn: string; row: IamEntitiesTable }
  | { type: 'policy'; arn: string; name: string; awsManaged: boolean };

/** The entity an access advisor ARN names in the caller's account: InvalidInput for another shape, NoSuchEntity when absent. */
export async function resolveTarget(ctx: OperationContext, arn: string): Promise<AdvisorTarget> {
  const p = parseArn(arn);
  if (!p || p.service !== 'iam') throw IamErrors.invalidArn(arn);
  const slash = p.resource.indexOf('/');
  const type = p.resource.slice(0, slash);
  const name = p.resource.slice(p.resource.lastIndexOf('/') + 1);
  if (type === 'policy') {
    const info = p.account === 'aws' || p.account === ctx.caller.accountId ? await findManagedPolicy(ctx.deps, ctx.caller.accountId, arn) : undefined;
    if (!info) throw IamErrors.policyNotFound(arn);
    return { type: 'policy', arn, name: info.name, awsManaged: info.awsManaged };
  }
  if (type !== 'user' && type !== 'group' && type !== 'role') throw IamErrors.invalidArn(arn);
  const row = p.account === ctx.caller.accountId ? await ctx.deps.store.repos.entities.get(p.account, type, name) : undefined;
  if (!row || rowArn(row) !== arn) throw IamErrors.noSuch(type, name);
  return { type, arn, row };
}

/** What `prepare` hands on: the target, or the error `handle` answers with (prepare never refuses before authorization). */
export type PreparedTarget = { target: AdvisorTarget } | { error: ServiceError };

/** resolveTarget for an operation's `prepare`; `entitiesOnly` refuses a policy ARN (InvalidInput). */
export async function prepareTarget(ctx: OperationContext, arn: string, entitiesOnly = false): Promise<PreparedTarget> {
  try {
    const target = await resolveTarget(ctx, arn);
    if (entitiesOnly && target.type === 'policy') throw IamErrors.invalidArn(arn);
    return { target };
  } catch (e) {
    if (isServiceError(e)) return { error: e };
    throw e;
  }
}

/** The target `prepare` found, or its error thrown (from `handle`, after authorization). */
export function targetOf(prepared: PreparedTarget): AdvisorTarget {
  if ('error' in prepared) throw prepared.error;
  return prepared.target;
}

/** The resource of the check: the ARN when it is an IAM one, else '*'. */
export const targetResource = (arn: string) => (parseArn(arn)?.service === 'iam' ? arn : '*');

/** A policy of the entity, with where it comes from (ListPoliciesGrantingServiceAccess's entry shape). */
export interface EntityPolicy {
  PolicyName: string;
  PolicyType: 'INLINE' | 'MANAGED';
  PolicyArn?: string;
  EntityType?: 'USER' | 'ROLE' | 'GROUP';
  EntityName?: string;
  document: string;
}

const ENTITY_TYPE = { user: 'USER', group: 'GROUP', role: 'ROLE' } as const;

async function policiesOfRow(ctx: OperationContext, row: IamEntitiesTable, out: EntityPolicy[]) {
  const policies = ctx.deps.store.repos.policies;
  for (const p of await policies.inlineOf(row.id)) out.push({ PolicyName: p.name, PolicyType: 'INLINE', EntityType: ENTITY_TYPE[row.kind], EntityName: row.name, document: p.document });
  for (const a of await policies.attachmentsOf(row.id)) {
    const info = await findManagedPolicy(ctx.deps, ctx.caller.accountId, a.policy_arn);
    const document = await managedDocument(ctx.deps, a.policy_arn);
    if (info && document !== undefined) out.push({ PolicyName: info.name, PolicyType: 'MANAGED', PolicyArn: info.arn, document });
  }
}

/** The identity policies that apply to the target (a user's include its groups'). */
export async function policiesOf(ctx: OperationContext, t: AdvisorTarget): Promise<EntityPolicy[]> {
  const out: EntityPolicy[] = [];
  if (t.type === 'policy') {
    const document = await managedDocument(ctx.deps, t.arn);
    if (document !== undefined) out.push({ PolicyName: t.name, PolicyType: 'MANAGED', PolicyArn: t.arn, document });
    return out;
  }
  await policiesOfRow(ctx, t.row, out);
  if (t.type === 'user') for (const g of await ctx.deps.store.repos.entities.groupsOfUser(t.row.id)) await policiesOfRow(ctx, g, out);
  return out;
}

const globRe = (pattern: string) => new RegExp('^' + pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.') + '$', 'i');
const asList = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : typeof v === 'string' ? [v] : []);

/** The action patterns of a document's Allow statements ('*' for a NotAction statement: it allows other services). */
export function allowedPatterns(document: string): RegExp[] {
  let parsed: { Statement?: unknown };
  try {
    parsed = JSON.parse(document) as { Statement?: unknown };
  } catch {
    return [];
  }
  const statements = Array.isArray(parsed.Statement) ? parsed.Statement : parsed.Statement ? [parsed.Statement] : [];
  const out: RegExp[] = [];
  for (const s of statements as Array<Record<string, unknown>>) {
    if (s?.Effect !== 'Allow') continue;
    if (s.NotAction !== undefined) out.push(globRe('*:*'));
    for (const a of asList(s.Action)) out.push(globRe(a === '*' ? '*:*' : a));
  }
  return out;
}

/** The namespaces whose actions some pattern allows (a pattern allows a service when its service part matches). */
export function allowedServices(patterns: RegExp[], namespaces: string[]): string[] {
  return namespaces.filter((ns) => patterns.some((re) => matchesService(re, ns)));
}

function matchesService(re: RegExp, ns: string): boolean {
  // The pattern's service part: the text of the regex source up to its first ':' (glob syntax, escaped).
  const src = re.source.slice(1, -1);
  const colon = src.indexOf(':');
  if (colon < 0) return false;
  return new RegExp('^' + src.slice(0, colon) + '$', 'i').test(ns);
}

/** The tracked actions of a service (from the action catalog) that a pattern allows. */
export function allowedTrackedActions(patterns: RegExp[], service: string): string[] {
  return allActions()
    .filter((a) => a.startsWith(service + ':'))
    .map((a) => a.slice(service.length + 1))
    .filter((name) => isTrackedAction(service, name) && patterns.some((re) => re.test(`${service}:${name}`)))
    .sort();
}

/** The principals (users and roles) whose accesses count for the target, with their ARNs. */
export async function principalsOf(ctx: OperationContext, t: AdvisorTarget): Promise<IamEntitiesTable[]> {
  const entities = ctx.deps.store.repos.entities;
  if (t.type === 'user' || t.type === 'role') return [t.row];
  if (t.type === 'group') return entities.usersOfGroup(t.row.id);
  const out = new Map<string, IamEntitiesTable>();
  for (const a of await ctx.deps.store.repos.policies.attachmentsOfPolicy(ctx.caller.accountId, t.arn)) {
    const e = await entities.getById(a.entity_id);
    if (!e) continue;
    if (e.kind === 'group') for (const u of await entities.usersOfGroup(e.id)) out.set(u.id, u);
    else out.set(e.id, e);
  }
  return [...out.values()];
}

export const noSuchJob = (jobId: string) => noSuchEntity(`No such job with id ${jobId}`);
export const badGranularity = () => invalidInput('Granularity must be SERVICE_LEVEL or ACTION_LEVEL');
