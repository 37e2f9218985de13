// The AWS evaluation logic (IAM User Guide: "Policy evaluation logic", "Cross-account policy
// evaluation logic", "Permissions boundaries for IAM entities", "Session policies"). SCPs and RCPs
// are out of scope. See README.md for the rules as implemented.
import { toContext } from './context.js';
import { actionAndResourceMatch, conditionsMatch, type MatchInput } from './statement.js';
import { MATCH_ACCOUNT, MATCH_DIRECT, MATCH_NONE, MATCH_ROLE, matchPrincipal, notPrincipalApplies, type PrincipalMatch } from './principal.js';
import type {
  CompiledStatement,
  Decision,
  EvaluateOptions,
  EvaluationRequest,
  MatchedStatement,
  PolicyType,
  RequestPrincipal,
  SourcedPolicy,
} from './types.js';

const EMPTY: readonly CompiledStatement[] = [];

interface State extends MatchInput {
  readonly service: string;
  readonly principal: RequestPrincipal;
  readonly hasBoundary: boolean;
  readonly explain: boolean;
  readonly matched: MatchedStatement[];
}

function record(st: CompiledStatement, sp: SourcedPolicy, s: State): void {
  s.matched.push({ source: sp.source, sid: st.sid, statementIndex: st.index, effect: st.effect });
}

/**
 * Principal match level of a resource-based statement (DIRECT for statements without Principal). An Allow
 * with NotPrincipal grants nothing: AWS's NotPrincipal page says NotPrincipal "must be used with
 * "Effect":"Deny"" and that using it with Allow "is not supported" (S3 refuses such a bucket policy; one
 * stored before that rule is read as granting nothing, never as granting everyone but the listed).
 */
function principalLevel(st: CompiledStatement, s: State): PrincipalMatch {
  if (st.principal !== null) return matchPrincipal(st.principal, s.principal);
  if (st.notPrincipal !== null) {
    if (st.effect === 'Allow') return MATCH_NONE;
    return notPrincipalApplies(st.notPrincipal, s.principal, true, s.hasBoundary) ? MATCH_DIRECT : MATCH_NONE;
  }
  return MATCH_DIRECT;
}

/** Highest principal-match level among applicable statements of one effect (0 = none applies). */
function scan(sp: SourcedPolicy, deny: boolean, s: State, withPrincipal: boolean): PrincipalMatch {
  const idx = sp.policy.index;
  let best: PrincipalMatch = MATCH_NONE;
  for (let pass = 0; pass < 2; pass++) {
    const list = pass === 0 ? (deny ? idx.deny : idx.allow).get(s.service) ?? EMPTY : deny ? idx.denyAny : idx.allowAny;
    for (let i = 0; i < list.length; i++) {
      const st = list[i]!;
      if (!actionAndResourceMatch(st, s)) continue;
      const level = withPrincipal ? principalLevel(st, s) : MATCH_DIRECT;
      // Only a higher level can change the decision; explain also lists the applicable statements of equal
      // or lower level.
      if (level === MATCH_NONE || (level <= best && !s.explain) || !conditionsMatch(st, s)) continue;
      if (level > best) best = level;
      record(st, sp, s);
      if (best === MATCH_DIRECT && !s.explain) return best;
    }
  }
  return best;
}

function anyAllows(policies: readonly SourcedPolicy[], s: State): boolean {
  let found = false;
  for (const sp of policies) {
    if (scan(sp, false, s, false) !== MATCH_NONE) {
      found = true;
      if (!s.explain) return true;
    }
  }
  return found;
}

const deny = (type: PolicyType, s: State, trust: boolean): Decision => ({
  effect: 'ExplicitDeny',
  decidingType: type,
  trustPolicy: trust && type === 'resource-based',
  matched: s.matched,
  missingContextKeys: s.missing!,
});

export function evaluate(req: EvaluationRequest, options: EvaluateOptions = {}): Decision {
  const action = req.action.toLowerCase();
  const colon = action.indexOf(':');
  const p = req.principal;
  const s: State = {
    action,
    service: colon < 0 ? action : action.slice(0, colon),
    resource: req.resource,
    ctx: toContext(req.context),
    missing: [],
    principal: p,
    hasBoundary: req.permissionsBoundary !== undefined,
    explain: options.explain === true,
    matched: [],
  };
  const rp = req.resourcePolicy;
  const trust = rp !== undefined && rp.policy.kind === 'trust';
  const idBearing = p.type === 'root' || p.type === 'user' || p.type === 'assumed-role' || p.type === 'federated-user';

  // 1. An explicit deny in any applicable policy wins.
  let denied: PolicyType | undefined;
  const checkDeny = (sp: SourcedPolicy | undefined, withPrincipal: boolean) => {
    if (sp !== undefined && (denied === undefined || s.explain) && scan(sp, true, s, withPrincipal) !== MATCH_NONE)
      denied ??= sp.source.type;
  };
  if (idBearing) for (const sp of req.identityPolicies) checkDeny(sp, false);
  checkDeny(rp, true);
  if (idBearing) {
    checkDeny(req.permissionsBoundary, false);
    if (req.sessionPolicies) for (const sp of req.sessionPolicies) checkDeny(sp, false);
  }
  if (denied !== undefined) return deny(denied, s, trust);

  // 2. The resource-based policy: how directly does an Allow name the principal?
  const rpLevel = rp !== undefined ? scan(rp, false, s, true) : MATCH_NONE;
  const allow = (type: PolicyType): Decision => ({
    effect: 'Allow',
    decidingType: type,
    trustPolicy: trust && type === 'resource-based',
    matched: s.matched,
    missingContextKeys: s.missing!,
  });
  const implicit = (type: PolicyType): Decision => ({
    effect: 'ImplicitDeny',
    decidingType: type,
    trustPolicy: trust && type === 'resource-based',
    matched: s.matched,
    missingContextKeys: s.missing!,
  });

  // Anonymous callers, AWS services and SAML/OIDC federation callers have no identity-based side.
  if (!idBearing) return rpLevel !== MATCH_NONE ? allow('resource-based') : implicit('resource-based');

  // 3. The identity side: identity-based policies, limited by the boundary and session policies.
  const identityAllow = p.type === 'root' || anyAllows(req.identityPolicies, s);
  const boundaryAllow = req.permissionsBoundary === undefined || anyAllows([req.permissionsBoundary], s);
  // A federated-user session without session policies has no permissions; a role session has its role's.
  const sessionAllow = req.sessionPolicies !== undefined ? anyAllows(req.sessionPolicies, s) : p.type !== 'federated-user';
  const identityGrant = identityAllow && boundaryAllow && sessionAllow;
  const identityReason: PolicyType = !identityAllow ? 'identity-based' : !boundaryAllow ? 'permissions boundary' : 'session';

  const sameAccount = req.resourceAccountId === undefined || req.resourceAccountId === p.accountId;
  if (sameAccount) {
    // Within one account: an allow naming the principal (or "*") directly decides alone; one naming
    // the role of a session (or the IAM user behind a federated-user session) is still limited by
    // the boundary and session policies; one naming the account needs the identity side too.
    if (rpLevel === MATCH_DIRECT) return allow('resource-based');
    if (rpLevel === MATCH_ROLE && boundaryAllow && sessionAllow) return allow('resource-based');
    if (trust) {
      // A role trust policy must itself allow the principal.
      if (rpLevel === MATCH_NONE) return implicit('resource-based');
      if (rpLevel === MATCH_ACCOUNT && identityGrant) return allow('resource-based');
      return implicit(rpLevel === MATCH_ROLE ? (boundaryAllow ? 'session' : 'permissions boundary') : identityReason);
    }
    if (identityGrant) return allow('identity-based');
    if (rpLevel === MATCH_ROLE) return implicit(boundaryAllow ? 'session' : 'permissions boundary');
    return implicit(identityReason);
  }
  // Across accounts both the principal's account (identity side) and the resource's account
  // (the resource-based policy) must allow.
  if (!identityGrant) return implicit(identityReason);
  if (rpLevel === MATCH_NONE) return implicit('resource-based');
  return allow('resource-based');
}


