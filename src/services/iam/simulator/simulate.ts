/**
 * The IAM policy simulator's evaluation (pure: no store, no I/O). For each action, each resource is
 * evaluated by the policy engine as the simulated caller's request; the action's EvaluationResult carries
 * the aggregate and ResourceSpecificResults the per-resource answers, as the IAM API Reference describes
 * since 2026-07-30 ("a single EvaluationResult per action, regardless of how many resource ARNs are
 * provided"; the top-level EvalDecision is "the most restrictive decision across all resources").
 *
 * Accounts: the simulated caller's account is CallerArn's (else the policy source's); a resource's owner is
 * the account in its ARN, else ResourceOwner, else the caller's account. In one account the resource-based
 * policy or the identity side may allow; across accounts both must (the engine's rules). EvalDecisionDetails
 * is given only for cross-account resources ({} for a same-account named resource, absent for '*').
 * OrganizationsDecisionDetail is absent: it "only applies if the simulated user's account is part of an
 * organization", and Tessera has no Organizations.
 *
 * Choices (AWS's documentation does not fix them): EvalDecisionDetails keys are 'IAM Policy' and
 * 'Resource Policy'; an implicitDeny lists no MatchedStatements; boundary statements are not listed
 * ("Only statements from identity-based and resource-based policies appear here").
 */
import { evaluate, parsePolicy, type Decision, type RequestPrincipal, type SourcedPolicy } from '../../../policy/index.js';
import type { ResourcePolicyInput, SimPolicy } from './input.js';
import { missingKeys } from './missing.js';
import { resourceTemplate } from './resourceName.js';
import { statementPositions, type Span } from './statementPositions.js';

export type EvalDecision = 'allowed' | 'explicitDeny' | 'implicitDeny';

export interface MatchedStatement extends Span {
  SourcePolicyId: string;
  SourcePolicyType: string;
}

/** What an EvaluationResult and each of its ResourceSpecificResults both carry. */
interface Outcome {
  EvalResourceName: string;
  MatchedStatements: MatchedStatement[];
  MissingContextValues: string[];
  EvalDecisionDetails?: Record<string, EvalDecision>;
  PermissionsBoundaryDecisionDetail?: { AllowedByPermissionsBoundary: boolean };
}

export interface ResourceSpecificResult extends Outcome {
  EvalResourceDecision: EvalDecision;
}

export interface EvaluationResult extends Outcome {
  EvalActionName: string;
  EvalDecision: EvalDecision;
  ResourceSpecificResults?: ResourceSpecificResult[];
}

export interface Simulation {
  actions: string[];
  /** ResourceArns; empty = ['*']. */
  resources: string[];
  identity: SimPolicy[];
  boundary?: SimPolicy | undefined;
  resourcePolicy?: ResourcePolicyInput | undefined;
  /** The engine's view of the simulated caller (its account is the caller's account). */
  principal: RequestPrincipal;
  /** ResourceOwner's account, for resources whose ARN names none. */
  resourceOwner?: string | undefined;
  /** ContextEntries with the caller's identity keys. */
  context: Record<string, string | string[]>;
}

const NAME: Record<Decision['effect'], EvalDecision> = { Allow: 'allowed', ExplicitDeny: 'explicitDeny', ImplicitDeny: 'implicitDeny' };
const RANK: Record<EvalDecision, number> = { allowed: 0, implicitDeny: 1, explicitDeny: 2 };
const worst = (a: EvalDecision, b: EvalDecision) => (RANK[b] > RANK[a] ? b : a);

const ALLOW_ALL: SourcedPolicy = {
  policy: parsePolicy('{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}', 'identity'),
  source: { type: 'identity-based', id: 'all' },
};

/** The owner of a resource: the account in its ARN, else ResourceOwner, else the caller's. */
function ownerOf(resource: string, sim: Simulation): string {
  const account = resource.split(':')[4];
  if (account !== undefined && /^\d{12}$/.test(account)) return account;
  return sim.resourceOwner ?? sim.principal.accountId!;
}

function evaluateResource(sim: Simulation, action: string, resource: string, spanOf: (p: SimPolicy, i: number) => Span): ResourceSpecificResult {
  const all: SimPolicy[] = [...sim.identity, ...(sim.resourcePolicy ? [sim.resourcePolicy.policy] : [])];
  const sourced = (p: SimPolicy, type: SourcedPolicy['source']['type']): SourcedPolicy => ({ policy: p.policy, source: { type, id: String(all.indexOf(p)) } });
  const identityPolicies = sim.identity.map((p) => sourced(p, 'identity-based'));
  const boundary = sim.boundary ? { policy: sim.boundary.policy, source: { type: 'permissions boundary' as const, id: 'boundary' } } : undefined;
  const resourcePolicy = sim.resourcePolicy ? sourced(sim.resourcePolicy.policy, 'resource-based') : undefined;
  const resourceAccountId = ownerOf(resource, sim);
  const base = { action, resource, principal: sim.principal, context: sim.context };

  const d = evaluate(
    { ...base, resourceAccountId, identityPolicies, ...(resourcePolicy ? { resourcePolicy } : {}), ...(boundary ? { permissionsBoundary: boundary } : {}) },
    { explain: true },
  );
  const want = d.effect === 'ExplicitDeny' ? 'Deny' : 'Allow';
  const matched = d.effect === 'ImplicitDeny' ? [] : d.matched.filter((m) => m.effect === want && m.source.id !== 'boundary');
  // In the order of the policies (identity, then resource-based) and of their statements.
  const order = (m: (typeof matched)[number]) => Number(m.source.id) * 1e6 + m.statementIndex;
  const seen = new Set<string>();
  const statements: MatchedStatement[] = [];
  for (const m of [...matched].sort((x, y) => order(x) - order(y))) {
    const key = `${m.source.id}#${m.statementIndex}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const p = all[Number(m.source.id)]!;
    statements.push({ SourcePolicyId: p.id, SourcePolicyType: p.type, ...spanOf(p, m.statementIndex) });
  }
  const policies = [...all, ...(sim.boundary ? [sim.boundary] : [])];
  const r: ResourceSpecificResult = {
    EvalResourceName: resource,
    EvalResourceDecision: NAME[d.effect],
    MatchedStatements: statements,
    MissingContextValues: missingKeys(policies, action, resource, sim.principal, sim.context, d.missingContextKeys),
  };
  if (resourceAccountId !== sim.principal.accountId) {
    // Each account's own answer: the caller's identity side (with its boundary), and the resource's policy
    // given an identity side that allows everything.
    const idSide = evaluate({ ...base, identityPolicies, ...(boundary ? { permissionsBoundary: boundary } : {}) });
    const rpSide = resourcePolicy ? evaluate({ ...base, resourceAccountId, identityPolicies: [ALLOW_ALL], resourcePolicy }) : undefined;
    r.EvalDecisionDetails = { 'IAM Policy': NAME[idSide.effect], 'Resource Policy': rpSide ? NAME[rpSide.effect] : 'implicitDeny' };
  } else if (resource !== '*') r.EvalDecisionDetails = {};
  if (sim.boundary) {
    const b = evaluate({ ...base, identityPolicies: [{ policy: sim.boundary.policy, source: { type: 'identity-based', id: 'b' } }] });
    r.PermissionsBoundaryDecisionDetail = { AllowedByPermissionsBoundary: b.effect === 'Allow' };
  }
  return r;
}

/** One EvaluationResult per action: the aggregate of its resources, and each resource's own result. */
export function simulate(sim: Simulation): EvaluationResult[] {
  const resources = sim.resources.length ? sim.resources : ['*'];
  const spans = new Map<SimPolicy, Span[]>();
  const spanOf = (p: SimPolicy, i: number): Span => {
    if (!spans.has(p)) spans.set(p, statementPositions(p.text));
    return spans.get(p)![i] ?? { StartPosition: { Line: 1, Column: 1 }, EndPosition: { Line: 1, Column: 1 } };
  };
  return sim.actions.map((action) => {
    const per = resources.map((resource) => evaluateResource(sim, action, resource, spanOf));
    const decision = per.map((r) => r.EvalResourceDecision).reduce(worst);
    const statements = new Map<string, MatchedStatement>();
    for (const r of per) {
      if (r.EvalResourceDecision !== decision) continue;
      for (const m of r.MatchedStatements) statements.set(`${m.SourcePolicyId}@${m.StartPosition.Line}:${m.StartPosition.Column}`, m);
    }
    const missing = new Map<string, string>();
    for (const r of per) for (const k of r.MissingContextValues) if (!missing.has(k.toLowerCase())) missing.set(k.toLowerCase(), k);
    const out: EvaluationResult = {
      EvalActionName: action,
      EvalResourceName: resourceTemplate(action, resources),
      EvalDecision: decision,
      MatchedStatements: [...statements.values()],
      MissingContextValues: [...missing.values()],
    };
    const details = per.filter((r) => r.EvalDecisionDetails !== undefined).map((r) => r.EvalDecisionDetails!);
    if (details.length) {
      const merged: Record<string, EvalDecision> = {};
      for (const d of details) for (const [k, v] of Object.entries(d)) merged[k] = merged[k] === undefined ? v : worst(merged[k]!, v);
      out.EvalDecisionDetails = merged;
    }
    if (sim.boundary) out.PermissionsBoundaryDecisionDetail = { AllowedByPermissionsBoundary: per.every((r) => r.PermissionsBoundaryDecisionDetail!.AllowedByPermissionsBoundary) };
    // A simulation of '*' alone reports at the top level only (AWS's example has no ResourceSpecificResults).
    if (!(resources.length === 1 && resources[0] === '*')) out.ResourceSpecificResults = per;
    return out;
  });
}
