/**
 * Connects STS at start-up (after IAM): the session resolver for ASIA keys, the session-aware policy
 * provider composed around IAM's, the restrictions on GetSessionToken / GetFederationToken credentials,
 * and the IAM adapter (roles, policies, MFA).
 */
import { ServiceError } from '../../core/errors.js';
import { accessDeniedMessage, type Decision } from '../../policy/index.js';
import type { Deps } from '../../server/deps.js';
import type { AuthzCheck } from '../operation.js';
import { checkSessionRestrictions } from './gate.js';
import { createIamAdapter } from './iamAdapter.js';
import { MfaLimiter } from './mfaLimiter.js';
import { composePolicyProvider } from './policies.js';
import { createSessionResolver } from './resolver.js';
import { setStsState, type StsState } from './state.js';

export async function wireSts(deps: Deps): Promise<void> {
  const resolver = createSessionResolver(deps.keyring, deps.clock);
  const state: StsState = { iam: await createIamAdapter(deps), resolver, mfaLimiter: new MfaLimiter() };
  setStsState(deps, state);
  deps.credentials.setSessionResolver(resolver.resolve);

  // Session callers: compose around whatever provider IAM registered (read at call time, so a provider
  // registered later is used too). The instance property shadows the prototype method.
  const authorizer = deps.authorizer;
  const proto = Object.getPrototypeOf(authorizer) as typeof authorizer;
  const basePolicies = proto.policiesFor.bind(authorizer);
  authorizer.policiesFor = composePolicyProvider(basePolicies, () => state.iam);
  const baseAuthorize = proto.authorize.bind(authorizer);
  authorizer.authorize = async (caller, checks, context) => {
    checkSessionRestrictions(caller, checks);
    try {
      return await baseAuthorize(caller, checks, context);
    } catch (e) {
      throw unquotedForSts(caller.arn, e);
    }
  };
}

/** STS prints the resource of an AccessDenied bare (S3 quotes it): re-worded for sts:* checks. */
function unquotedForSts(principalArn: string, e: unknown): unknown {
  const d = e as ServiceError & { decision?: Decision; check?: AuthzCheck };
  if (!(e instanceof ServiceError) || e.code !== 'AccessDenied' || !d.decision || !d.check?.action.toLowerCase().startsWith('sts:')) return e;
  const message = accessDeniedMessage(principalArn, d.check.action, d.check.resource, d.decision, { quoteResource: false });
  return Object.assign(new ServiceError('AccessDenied', message, 403), { decision: d.decision, check: d.check });
}
