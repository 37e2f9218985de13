/**
 * Connects STS at start-up (after IAM): the session resolver for ASIA keys, the session-aware policy
 * provider composed around IAM's, the restrictions on GetSessionToken / GetFederationToken credentials,
 * and the IAM adapter (roles, policies, MFA).
 */
import type { Deps } from '../../server/deps.js';
import { checkSessionRestrictions } from './gate.js';
import { createIamAdapter } from './iamAdapter.js';
import { composePolicyProvider } from './policies.js';
import { createSessionResolver } from './resolver.js';
import { setStsState, type StsState } from './state.js';

export async function wireSts(deps: Deps): Promise<void> {
  const resolver = createSessionResolver(deps.keyring, deps.clock);
  const state: StsState = { iam: await createIamAdapter(deps), resolver };
  setStsState(deps, state);
  deps.credentials.setSessionResolver(resolver.resolve);

  // Session callers: compose around the provider IAM registered; GetSessionToken / GetFederationToken
  // credentials are limited whatever the policies say.
  deps.authorizer.setPolicyProvider(composePolicyProvider(deps.authorizer.policyProvider, () => state.iam));
  deps.authorizer.addGate(checkSessionRestrictions);
}
