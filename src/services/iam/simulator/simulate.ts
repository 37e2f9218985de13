/**
 * The IAM policy simulator (SimulatePrincipalPolicy, SimulateCustomPolicy, GetContextKeysFor*Policy): the
 * policy engine asked, for each action × resource, what it would decide — with the statements that decided,
 * the context keys the conditions missed, and the boundary's part. Policies come from the store (the
 * principal's inline and attached policies, its groups' for a user, its boundary) and from the request.
 *
 * Choices (AWS's documentation does not fix them): SourcePolicyId is the policy's name for stored
 * policies and `PolicyInputList.N` / `PermissionsBoundaryPolicyInputList.N` / `ResourcePolicy` for
 * policies of the request; positions are 1-based (line, column) of the statement's `{` and `}`. The
 * simulated caller's identity keys (aws:username, aws:userid, aws:PrincipalArn, aws:PrincipalAccount,
 * aws:PrincipalType) come from the principal (or CallerArn); every other key only from ContextEntries.
 */
import { parseArn } from '../../../core/arn.js';
import { evaluate, listContextKeys, parsePolicy, type CompiledPolicy, type PolicyKind, type RequestPrincipal, type SourcedPolicy } from '../../../policy/index.js';
import type { Deps } from '../../../server/deps.js';
import type { IamEntitiesTable } from '../../../store/schema-iam.js';
import { IamErrors, invalidInput, malformedPolicy, type Kind } from '../errors.js';
import { isAwsManagedArn } from '../managed/index.js';
import { managedDocument } from '../lookups.js';
import { pageOf, rowArn } from '../util.js';
import { statementPositions, type Span } from './statementPositions.js';

export type SourcePolicyType = 'user' | 'group' | 'role' | 'aws-managed' | 'user-managed' | 'resource' | 'none';

/** A policy taking part in a simulation, with its text (for statement positions). */
export interface SimPolicy {
  id: string;
  type: SourcePolicyType;
  text: string;
  policy: CompiledPolicy;
}

export interface ContextEntry {
  ContextKeyName?: string;
  ContextKeyValues?: string[];
  ContextKeyType?: string;
}

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

/** A principal's stored policies. */
export interface Principal {
  kind: Kind;
  row: IamEntitiesTable;
  arn: string;
  identity: SimPolicy[];
  boundary: SimPolicy | undefined;
}

function compileOrThrow(text: string, kind: PolicyKind, where: string): CompiledPolicy {
  try {
    return parsePolicy(text, kind);
  } catch (e) {
    throw malformedPolicy(`${where}: ${(e as Error).message}`);
  }
}

/** Policies of the request (PolicyInputList and friends): each must parse. */
export function inputPolicies(texts: string[] | undefined, list: string, kind: PolicyKind): SimPolicy[] {
  return (texts ?? []).map((text, i) => ({
    id: `${list}.${i + 1}`,
    type: 'none' as const,
    text,
    policy: compileOrThrow(text, kind, `${list}.${i + 1}`),
  }));
}

/** user / group / role ARN → kind and name; InvalidInput for anything else. */
export function principalRef(arn: string): { kind: Kind; name: string; accountId: string } {
  const p = parseArn(arn);
  const m = p && p.service === 'iam' ? /^(user|group|role)\/(?:.*\/)?([^/]+)$/.exec(p.resource) : null;
  if (!p || !m) throw invalidInput(`Invalid ARN: ${arn}. The ARN must be of an IAM user, group or role.`);
  return { kind: m[1] as Kind, name: m[2]!, accountId: p.account };
}

async function storedPolicies(deps: Deps, row: IamEntitiesTable, type: SourcePolicyType, out: SimPolicy[]) {
  const policies = deps.store.repos.policies;
  for (const p of await policies.inlineOf(row.id)) {
    try {
      out.push({ id: p.name, type, text: p.document, policy: parsePolicy(p.document, 'identity') });
    } catch {
      // a stored document was validated when stored; one that no longer parses applies as nothing
    }
  }
  for (const a of await policies.attachmentsOf(row.id)) {
    const text = await managedDocument(deps, a.policy_arn);
    if (text === undefined) continue;
    try {
      const name = a.policy_arn.slice(a.policy_arn.lastIndexOf('/') + 1);
      out.push({ id: name, type: isAwsManagedArn(a.policy_arn) ? 'aws-managed' : 'user-managed', text, policy: parsePolicy(text, 'identity') });
    } catch {
      // as above
    }
  }
}

/** The principal's policies as the authorizer applies them (a user's include its groups'); NoSuchEntity. */
export async function loadPrincipal(deps: Deps, accountId: string, arn: string): Promise<Principal> {
  const ref = principalRef(arn);
  const row = ref.accountId === accountId ? await deps.store.repos.entities.get(accountId, ref.kind, ref.name) : undefined;
  if (!row) throw IamErrors.noSuch(ref.kind, ref.name);
  const identity: SimPolicy[] = [];
  await storedPolicies(deps, row, ref.kind, identity);
  if (ref.kind === 'user') for (const g of await deps.store.repos.entities.groupsOfUser(row.id)) await storedPolicies(deps, g, 'group', identity);
  let boundary: SimPolicy | undefined;
  if (row.boundary_arn) {
    const text = (await managedDocument(deps, row.boundary_arn)) ?? '{"Version":"2012-10-17","Statement":[]}';
    const name = row.boundary_arn.slice(row.boundary_arn.lastIndexOf('/') + 1);
    boundary = { id: name, type: isAwsManagedArn(row.boundary_arn) ? 'aws-managed' : 'user-managed', text, policy: compileOrThrow(text, 'boundary', name) };
  }
  return { kind: ref.kind, row, arn: rowArn(row), identity, boundary };
}

const TYPES = new Set(['string', 'stringList', 'numeric', 'numericList', 'boolean', 'booleanList', 'ip', 'ipList', 'binary', 'binaryList', 'date', 'dateList']);

/** ContextEntries → condition keys; InvalidInput for an entry whose values do not fit its type. */
export function contextFromEntries(entries: ContextEntry[] | undefined): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const e of entries ?? []) {
    const name = e.ContextKeyName;
    const type = e.ContextKeyType;
    const values = e.ContextKeyValues ?? [];
    if (!name || !type || !TYPES.has(type)) throw invalidInput('Each context entry needs a ContextKeyName, ContextKeyValues and a valid ContextKeyType.');
    const base = type.replace(/List$/, '');
    const list = type.endsWith('List');
    if (!list && values.length !== 1) throw invalidInput(`Context key ${name} of type ${type} takes exactly one value.`);
    for (const v of values) {
      const ok =
        base === 'boolean' ? /^(true|false)$/i.test(v)
        : base === 'numeric' ? v.trim() !== '' && Number.isFinite(Number(v))
        : base === 'date' ? !Number.isNaN(Date.parse(v)) || /^\d+$/.test(v)
        : true;
      if (!ok) throw invalidInput(`Invalid value ${v} for context key ${name} of type ${type}.`);
    }
    const vs = base === 'boolean' ? values.map((v) => v.toLowerCase()) : values;
    out[name] = list ? vs : vs[0]!;
  }
  return out;
}

/** The simulated caller's identity keys. */
function identityContext(callerArn: string | undefined, accountId: string, row: IamEntitiesTable | undefined): Record<string, string> {
  const c: Record<string, string> = {};
  if (!callerArn) return c;
  c['aws:PrincipalArn'] = callerArn;
  c['aws:PrincipalAccount'] = accountId;
  const p = parseArn(callerArn);
  if (p?.resource.startsWith('user/')) {
    c['aws:PrincipalType'] = 'User';
    c['aws:username'] = p.resource.slice(p.resource.lastIndexOf('/') + 1);
    if (row && row.kind === 'user' && rowArn(row) === callerArn) c['aws:userid'] = row.id;
  } else if (p?.resource.startsWith('role/')) {
    c['aws:PrincipalType'] = 'AssumedRole';
    if (row && row.kind === 'role' && rowArn(row) === callerArn) c['aws:userid'] = `${row.id}:simulated`;
  }
  return c;
}

function requestPrincipal(callerArn: string | undefined, accountId: string): RequestPrincipal {
  if (callerArn?.includes(':role/')) return { type: 'assumed-role', arn: callerArn, accountId, roleArn: callerArn };
  return { type: 'user', arn: callerArn ?? `arn:aws:iam::${accountId}:user/`, accountId };
}

export interface SimulationRequest {
  accountId: string;
  input: SimulationInput;
  identity: SimPolicy[];
  boundary: SimPolicy | undefined;
  callerArn: string | undefined;
  principalRow?: IamEntitiesTable;
}

/** Per statement of an identity policy: the statement without its condition (forced to Allow) and its keys. */
const statementParts = new Map<string, { scope: CompiledPolicy; keys: string[] }[]>();
function partsOf(p: SimPolicy): { scope: CompiledPolicy; keys: string[] }[] {
  let parts = statementParts.get(p.text);
  if (!parts) {
    parts = [];
    try {
      const d = JSON.parse(p.text) as { Version?: string; Statement?: unknown };
      const sts = Array.isArray(d.Statement) ? d.Statement : [d.Statement];
      for (const st of sts as Record<string, unknown>[]) {
        const { Condition: _c, ...rest } = st;
        const one = (x: object) => JSON.stringify({ ...(d.Version ? { Version: d.Version } : {}), Statement: [x] });
        parts.push({ scope: parsePolicy(one({ ...rest, Effect: 'Allow' }), 'identity'), keys: listContextKeys(parsePolicy(one(st), 'identity')) });
      }
    } catch {
      parts = [];
    }
    if (statementParts.size > 1000) statementParts.clear();
    statementParts.set(p.text, parts);
  }
  return parts;
}

/**
 * The context keys that statements applying to the action and resource reference and the request lacks.
 * The engine stops at a condition's first missing key; the simulator reports all of them, as AWS does.
 */
function missingKeys(policies: SimPolicy[], action: string, resource: string, principal: RequestPrincipal, context: Record<string, unknown>, engine: readonly string[]): string[] {
  const have = new Set(Object.keys(context).map((k) => k.toLowerCase()));
  const out = new Map<string, string>();
  const add = (k: string) => !have.has(k.toLowerCase()) && !out.has(k.toLowerCase()) && out.set(k.toLowerCase(), k);
  engine.forEach(add);
  for (const p of policies) {
    for (const part of partsOf(p)) {
      if (part.keys.length === 0) continue;
      const d = evaluate({ action, resource, principal, context: {}, identityPolicies: [{ policy: part.scope, source: { type: 'identity-based', id: 's' } }] });
      if (d.effect === 'Allow') part.keys.forEach(add);
    }
  }
  return [...out.values()];
}

const decisionName = { Allow: 'allowed', ExplicitDeny: 'explicitDeny', ImplicitDeny: 'implicitDeny' } as const;

/** Every action × resource evaluated; EvaluationResults paginated by Marker / MaxItems. */
export function simulate(req: SimulationRequest): Record<string, unknown> {
  const { input, accountId } = req;
  if (!input.ActionNames?.length) throw invalidInput('ActionNames must contain at least one action.');
  if (input.MaxItems !== undefined && (input.MaxItems < 1 || input.MaxItems > 1000)) throw invalidInput('MaxItems must be between 1 and 1000.');
  const resourcePolicy = input.ResourcePolicy !== undefined
    ? { id: 'ResourcePolicy', type: 'resource' as const, text: input.ResourcePolicy, policy: compileOrThrow(input.ResourcePolicy, 'resource', 'ResourcePolicy') }
    : undefined;
  if (resourcePolicy && !req.callerArn) throw invalidInput('CallerArn is required when a ResourcePolicy is given and the policy source is not an IAM user.');
  let resourceAccountId: string | undefined;
  if (input.ResourceOwner !== undefined) {
    const p = parseArn(input.ResourceOwner);
    if (!p || !/^\d{12}$/.test(p.account)) throw invalidInput(`Invalid ResourceOwner: ${input.ResourceOwner}`);
    resourceAccountId = p.account;
  }
  const context = { ...identityContext(req.callerArn, accountId, req.principalRow), ...contextFromEntries(input.ContextEntries) };
  const principal = requestPrincipal(req.callerArn, accountId);

  // Every policy is sourced by its index, so a matched statement leads back to its text.
  const all: SimPolicy[] = [...req.identity, ...(resourcePolicy ? [resourcePolicy] : [])];
  const sourced = (p: SimPolicy, type: SourcedPolicy['source']['type']): SourcedPolicy => ({ policy: p.policy, source: { type, id: String(all.indexOf(p)) } });
  const identityPolicies = req.identity.map((p) => sourced(p, 'identity-based'));
  const boundary = req.boundary ? { policy: req.boundary.policy, source: { type: 'permissions boundary' as const, id: 'boundary' } } : undefined;
  const spans = new Map<SimPolicy, Span[]>();
  const spanOf = (p: SimPolicy, i: number) => {
    if (!spans.has(p)) spans.set(p, statementPositions(p.text));
    return spans.get(p)![i];
  };

  const resources = input.ResourceArns?.length ? input.ResourceArns : ['*'];
  const results: Record<string, unknown>[] = [];
  for (const action of input.ActionNames) {
    for (const resource of resources) {
      const d = evaluate(
        {
          action,
          resource,
          principal,
          ...(resourceAccountId !== undefined ? { resourceAccountId } : {}),
          context,
          identityPolicies,
          ...(resourcePolicy ? { resourcePolicy: sourced(resourcePolicy, 'resource-based') } : {}),
          ...(boundary ? { permissionsBoundary: boundary } : {}),
        },
        { explain: true },
      );
      const want = d.effect === 'ExplicitDeny' ? 'Deny' : 'Allow';
      const matched = d.effect === 'ImplicitDeny' ? [] : d.matched.filter((m) => m.effect === want && m.source.id !== 'boundary');
      const r: Record<string, unknown> = {
        EvalActionName: action,
        EvalResourceName: resource,
        EvalDecision: decisionName[d.effect],
        MatchedStatements: matched.map((m) => {
          const p = all[Number(m.source.id)]!;
          return { SourcePolicyId: p.id, SourcePolicyType: p.type, ...spanOf(p, m.statementIndex) };
        }),
        MissingContextValues: missingKeys([...req.identity, ...(req.boundary ? [req.boundary] : [])], action, resource, principal, context, d.missingContextKeys),
      };
      if (req.boundary) {
        const b = evaluate({ action, resource, principal, context, identityPolicies: [{ policy: req.boundary.policy, source: { type: 'identity-based', id: 'b' } }] });
        r.PermissionsBoundaryDecisionDetail = { AllowedByPermissionsBoundary: b.effect === 'Allow' };
      }
      if (resourcePolicy) {
        const idOnly = evaluate({ action, resource, principal, context, identityPolicies, ...(boundary ? { permissionsBoundary: boundary } : {}) });
        const resOnly = evaluate({ action, resource, principal, ...(resourceAccountId !== undefined ? { resourceAccountId } : {}), context, identityPolicies: [], resourcePolicy: sourced(resourcePolicy, 'resource-based') });
        r.EvalDecisionDetails = { 'IAM Policy': decisionName[idOnly.effect], 'Resource Policy': decisionName[resOnly.effect] };
      }
      results.push(r);
    }
  }
  const { page, IsTruncated, Marker } = pageOf(results, input.Marker, input.MaxItems);
  return { EvaluationResults: page, IsTruncated, ...(Marker !== undefined ? { Marker } : {}) };
}
