/**
 * What SimulatePrincipalPolicy and SimulateCustomPolicy share: the request's inputs checked (before any
 * evaluation, so bad input gets its error whatever the policies say), the simulation run, the results paged.
 */
import { principalTagContext } from '../../../authz/context.js';
import { invalidInput } from '../errors.js';
import { pageOf } from '../util.js';
import { checkResourceHandling, contextFromEntries, inputBoundary, inputCaller, inputResourceOwner, inputResourcePolicy, type ContextEntry, type SimCaller, type SimPolicy } from './input.js';
import { callerIdentity } from './principal.js';
import { simulate } from './simulate.js';

export interface SimulationInput {
  PolicyInputList?: string[];
  PermissionsBoundaryPolicyInputList?: string[];
  ActionNames: string[];
  ResourceArns?: string[];
  ResourcePolicy?: string;
  ResourceOwner?: string;
  CallerArn?: string;
  ContextEntries?: ContextEntry[];
  ResourceHandlingOption?: string;
  MaxItems?: number;
  Marker?: string;
}

export interface Source {
  /** The policy source's (or, for SimulateCustomPolicy, the API caller's) account. */
  accountId: string;
  identity: SimPolicy[];
  /** The stored boundary; PermissionsBoundaryPolicyInputList replaces it. */
  boundary?: SimPolicy | undefined;
  /** A user policy source: the default caller. */
  user?: SimCaller | undefined;
  /** A role policy source's ARN (simulated without a caller). */
  role?: string | undefined;
  /** A role policy source's stored tags (JSON), its aws:PrincipalTag keys. */
  roleTags?: string | undefined;
  /** The IAM user behind CallerArn (its id and stored tags), when it is a user of this account. */
  callerUser?: (caller: SimCaller) => Promise<{ id: string; tags: string } | undefined>;
}

/** aws:PrincipalTag/<key> of the simulated principal's stored tags, except keys ContextEntries give (case-insensitively). */
function storedPrincipalTags(tagsJson: string | undefined, entries: Record<string, unknown>): Record<string, string | string[]> {
  const given = new Set(Object.keys(entries).map((k) => k.toLowerCase()));
  const keys = principalTagContext(tagsJson ? (JSON.parse(tagsJson) as Array<{ Key: string; Value: string }>) : []) ?? {};
  return Object.fromEntries(Object.entries(keys).filter(([k]) => !given.has(k.toLowerCase()))) as Record<string, string | string[]>;
}

/** The checks that need no policy: the simulated caller and the request's shape. */
export function checkInput(input: SimulationInput): SimCaller | undefined {
  for (const a of input.ActionNames ?? []) {
    if (!/^[^:*?]+:[^:]+$/.test(a) || /[*?]/.test(a))
      throw invalidInput(`Invalid action name ${a}: an action name must include its service prefix (such as iam:CreateUser) and no wildcards.`);
  }
  if (!input.ActionNames?.length) throw invalidInput('ActionNames must contain at least one action.');
  checkResourceHandling(input.ResourceHandlingOption, input.ResourceArns ?? []);
  return inputCaller(input.CallerArn);
}

export async function runSimulation(input: SimulationInput, source: Source): Promise<Record<string, unknown>> {
  const caller = checkInput(input) ?? source.user;
  const resourcePolicy = inputResourcePolicy(input.ResourcePolicy);
  if (resourcePolicy && !caller) throw invalidInput('CallerArn is required when you include a ResourcePolicy and the PolicySourceArn is not the ARN of an IAM user.');
  const resourceOwner = inputResourceOwner(input.ResourceOwner);
  const boundary = inputBoundary(input.PermissionsBoundaryPolicyInputList) ?? source.boundary;
  const entries = contextFromEntries(input.ContextEntries);
  const accountId = caller?.accountId ?? source.accountId;
  const user = caller && source.callerUser ? await source.callerUser(caller) : undefined;
  const who = callerIdentity(caller, accountId, user?.id, source.role);
  const tags = storedPrincipalTags(caller ? user?.tags : source.roleTags, entries);
  const results = simulate({
    actions: input.ActionNames,
    resources: input.ResourceArns ?? [],
    identity: source.identity,
    boundary,
    resourcePolicy,
    principal: who.principal,
    resourceOwner,
    context: { ...who.context, ...tags, ...entries },
  });
  const { page, IsTruncated, Marker } = pageOf(results, input.Marker, input.MaxItems);
  return { EvaluationResults: page, IsTruncated, ...(Marker !== undefined ? { Marker } : {}) };
}
