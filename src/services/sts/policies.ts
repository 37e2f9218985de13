/**
 * The policies of a session caller, composed around the policy provider IAM registers:
 *  - role sessions (assumed-role): the role's identity policies and boundary (IAM's policiesForRole, by
 *    the role's unique id the session carries), intersected with the session policies;
 *  - federated users: the IAM user's policies (IAM's provider, asked for that user) ∩ the session
 *    policies (none passed = no permissions, as on AWS); the root user's federated users: the session
 *    policies alone;
 *  - GetSessionToken sessions: the user's own policies (IAM's provider), no session policies.
 * Long-term callers go straight to IAM's provider.
 */
import type { Caller, SessionInfo } from '../../auth/caller.js';
import type { PolicyProvider, PrincipalPolicies } from '../../authz/authorize.js';
import { emptyPolicy, parsePolicy, type SourcedPolicy } from '../../policy/index.js';
import type { StsIamAdapter } from './iam.js';

const ALLOW_ALL = parsePolicy('{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}', 'identity');

const inlineCache = new WeakMap<SessionInfo, SourcedPolicy | null>();

/** A session policy validated at issue time that today's grammar refuses still limits: to nothing. */
function compileSessionPolicy(text: string) {
  try {
    return parsePolicy(text, 'session');
  } catch {
    return emptyPolicy('session');
  }
}

function inlineSessionPolicy(s: SessionInfo): SourcedPolicy | null {
  let p = inlineCache.get(s);
  if (p === undefined) {
    p = s.sessionPolicy ? { policy: compileSessionPolicy(s.sessionPolicy), source: { type: 'session', id: 'session-policy' } } : null;
    inlineCache.set(s, p);
  }
  return p;
}

/** The session policies of a session, or undefined when it has none. Unknown managed ARNs grant nothing. */
export async function sessionPoliciesOf(s: SessionInfo, iam: StsIamAdapter): Promise<SourcedPolicy[] | undefined> {
  const inline = inlineSessionPolicy(s);
  const arns = s.sessionPolicyArns ?? [];
  if (!inline && arns.length === 0) return undefined;
  const out: SourcedPolicy[] = inline ? [inline] : [];
  for (const arn of arns) {
    const p = await iam.managedSessionPolicy(arn);
    if (p) out.push(p);
  }
  // Named but all gone: the session still has session policies, and none of them allows anything.
  if (out.length === 0) out.push({ policy: emptyPolicy('session'), source: { type: 'session', id: 'none' } });
  return out;
}

/** The IAM user behind a federated-user session. */
export function federationSourceUser(caller: Caller): Caller | undefined {
  const s = caller.session;
  if (!s?.sourceArn || s.sourceArn.endsWith(':root')) return undefined;
  return {
    type: 'user',
    accountId: caller.accountId,
    arn: s.sourceArn,
    userId: s.sourceUserId ?? '',
    userName: s.sourceUserName ?? s.sourceArn.slice(s.sourceArn.lastIndexOf('/') + 1),
  };
}

export function composePolicyProvider(base: PolicyProvider, iam: () => StsIamAdapter): PolicyProvider {
  return async (caller): Promise<PrincipalPolicies> => {
    const s = caller.session;
    if (!s) return base(caller);
    const adapter = iam();
    const session = await sessionPoliciesOf(s, adapter);
    if (caller.type === 'assumed-role') {
      const rp = await adapter.rolePolicies({ accountId: caller.accountId, arn: caller.roleArn ?? '', name: caller.roleName ?? '', id: caller.roleId });
      return withSession(rp, session);
    }
    if (caller.type === 'federated-user') {
      const user = federationSourceUser(caller);
      if (!user) return { identity: [{ policy: ALLOW_ALL, source: { type: 'identity-based', id: 'root' } }], session };
      return withSession(await base(user), session);
    }
    return withSession(await base(caller), session);
  };
}

/** The principal's own policies with the session's; a principal that no longer exists stays refused. */
function withSession(own: PrincipalPolicies, session: SourcedPolicy[] | undefined): PrincipalPolicies {
  const out: PrincipalPolicies = { identity: own.identity, boundary: own.boundary, session };
  if (own.principalGone) out.principalGone = true;
  // The role's (or the federating user's) own tags; the session's tags override them in the request context.
  else if (own.principalTags) out.principalTags = own.principalTags;
  return out;
}
