/**
 * authorize(): the operation's declared checks through the policy engine, deny by default. The caller's
 * policies come from a PolicyProvider (IAM registers one: the user's, its groups', the role's, the
 * boundary and the session's policies); resource-based policies come with the check. Each denial is
 * AccessDenied with AWS's explained message.
 */
import type { Caller } from '../auth/caller.js';
import { ServiceError } from '../core/errors.js';
import type { AuthzCheck } from './check.js';
import {
  accessDeniedMessage,
  deferredContext,
  evaluate,
  emptyPolicy,
  extendContext,
  parsePolicy,
  type CompiledPolicy,
  type Decision,
  type RequestContext,
  type RequestPrincipal,
  type SourcedPolicy,
} from '../policy/index.js';
import type { RequestContextValues } from './context.js';

export interface PrincipalPolicies {
  identity: SourcedPolicy[];
  boundary?: SourcedPolicy | undefined;
  /** Present only when the session carries session policies. */
  session?: SourcedPolicy[] | undefined;
  /**
   * The IAM entity the credentials stand for no longer exists (a session of a deleted role or user: the
   * entity is known by its unique id, so a new one under the same name is another entity). Every check is
   * refused: no identity-based policy applies, and no resource-based policy can name it any more.
   */
  principalGone?: boolean;
  /**
   * The principal's own tags as aws:PrincipalTag/<key> keys (context.ts principalTagContext): an IAM user's
   * tags, or for a role session the role's. The request context (a session's tags) wins on the same key.
   */
  principalTags?: RequestContextValues | undefined;
}

/** The policies that apply to a caller. Root and anonymous callers have none. */
export type PolicyProvider = (caller: Caller) => Promise<PrincipalPolicies>;

export interface AuthzOutcome {
  decision: Decision['effect'];
  /** The check that decided (the failing one on denial). */
  check?: AuthzCheck;
  detail?: Decision;
}

const NO_POLICIES: PrincipalPolicies = { identity: [] };

export function toRequestPrincipal(caller: Caller): RequestPrincipal {
  const p: { -readonly [K in keyof RequestPrincipal]: RequestPrincipal[K] } = { type: caller.type, arn: caller.arn };
  if (caller.accountId) p.accountId = caller.accountId;
  if (caller.roleArn) p.roleArn = caller.roleArn;
  if (caller.type === 'federated-user' && caller.session?.sourceArn) p.userArn = caller.session.sourceArn;
  return p;
}

/** A small cache of compiled resource policies (bucket and trust policies are re-read per request); never throws. */
class CompiledCache {
  private readonly map = new Map<string, CompiledPolicy>();
  get(text: string, kind: 'resource' | 'trust'): CompiledPolicy {
    const key = kind + '\u0000' + text;
    let p = this.map.get(key);
    if (!p) {
      // A stored document that no longer parses (it was validated when stored, by older rules) grants nothing.
      try {
        p = parsePolicy(text, kind);
      } catch {
        p = emptyPolicy(kind);
      }
      if (this.map.size > 10_000) this.map.clear();
      this.map.set(key, p);
    }
    return p;
  }
}

/**
 * A rule that holds whatever the policies say (AWS's limits on GetSessionToken / GetFederationToken
 * credentials, ...). Throws the refusal; runs before any policy is evaluated.
 */
export type CallerGate = (caller: Caller, checks: readonly AuthzCheck[]) => void;

export class Authorizer {
  private provider: PolicyProvider = async () => NO_POLICIES;
  private readonly gates: CallerGate[] = [];
  private readonly resourcePolicies = new CompiledCache();
  /** The request's context as the engine reads it, built once per request (the record is the request's own). */
  private readonly contexts = new WeakMap<RequestContextValues, { tags: RequestContextValues | undefined; ctx: RequestContext }>();

  private baseContext(context: RequestContextValues, tags: RequestContextValues | undefined): RequestContext {
    const hit = this.contexts.get(context);
    if (hit && hit.tags === tags) return hit.ctx;
    const ctx = tags ? deferredContext(tags, context) : deferredContext(context);
    this.contexts.set(context, { tags, ctx });
    return ctx;
  }

  /** Services compose providers: IAM registers one for users and roles, STS wraps it for sessions. */
  get policyProvider(): PolicyProvider {
    return this.provider;
  }

  setPolicyProvider(p: PolicyProvider) {
    this.provider = p;
  }

  addGate(gate: CallerGate) {
    this.gates.push(gate);
  }

  policiesFor(caller: Caller): Promise<PrincipalPolicies> {
    return caller.type === 'root' || caller.type === 'anonymous' ? Promise.resolve(NO_POLICIES) : this.provider(caller);
  }

  /** Evaluates one check; no exception. A check that names its own principal ignores the caller's policies. */
  decide(caller: Caller, policies: PrincipalPolicies, check: AuthzCheck, context: RequestContextValues): Decision {
    if (check.principal) policies = NO_POLICIES;
    const gone = policies.principalGone === true;
    if (gone) policies = NO_POLICIES;
    // Later keys win (keys compare case-insensitively): the principal's own tags, then the request's keys (a
    // session's tags override the role's), then the check's (the target's tags, the operation's keys).
    const ctx = extendContext(this.baseContext(context, gone ? undefined : policies.principalTags), check.context);
    const resourcePolicy = check.resourcePolicy && !gone
      ? {
          policy: this.resourcePolicies.get(check.resourcePolicy.document, check.kind === 'trust' ? 'trust' : 'resource'),
          source: { type: 'resource-based' as const, id: check.resourcePolicy.id },
        }
      : undefined;
    return evaluate({
      action: check.action,
      resource: check.resource,
      principal: check.principal ?? toRequestPrincipal(caller),
      ...(check.resourceAccountId !== undefined ? { resourceAccountId: check.resourceAccountId } : {}),
      context: ctx,
      identityPolicies: policies.identity,
      ...(resourcePolicy ? { resourcePolicy } : {}),
      ...(policies.boundary ? { permissionsBoundary: policies.boundary } : {}),
      ...(policies.session ? { sessionPolicies: policies.session } : {}),
    });
  }

  /**
   * Every check must allow. Throws AccessDenied (403) with AWS's message for the first that does not.
   */
  /** The gates alone: what the caller's kind of credentials may not do, whatever the policies say (throws). */
  applyGates(caller: Caller, checks: readonly AuthzCheck[]): void {
    for (const gate of this.gates) gate(caller, checks);
  }

  async authorize(caller: Caller, checks: AuthzCheck[], context: RequestContextValues): Promise<AuthzOutcome> {
    this.applyGates(caller, checks);
    if (checks.length === 0) return { decision: 'Allow' };
    const policies = checks.every((c) => c.principal) ? NO_POLICIES : await this.policiesFor(caller);
    let last: AuthzOutcome = { decision: 'Allow' };
    for (const check of checks) {
      const d = this.decide(caller, policies, check, context);
      if (d.effect !== 'Allow') {
        // S3 quotes the resource in its messages; IAM and STS print it bare.
        const quoteResource = check.action.slice(0, 3).toLowerCase() === 's3:';
        const msg =
          check.deniedMessage ?? accessDeniedMessage(check.principal?.arn ?? caller.arn, check.action, check.resource, d, { quoteResource });
        throw Object.assign(new ServiceError('AccessDenied', msg, 403), { decision: d, check });
      }
      last = { decision: 'Allow', check, detail: d };
    }
    return last;
  }
}
