/**
 * The trust check of AssumeRoleWithSAML / AssumeRoleWithWebIdentity, as data: the role's trust policy,
 * evaluated for the identity provider as a principal of type 'federated' (Principal {"Federated": ARN}),
 * with the claims as condition keys.
 *
 * BRIDGE (remove when the authorizer does it): AuthzCheck has no way yet to say "evaluate this check for
 * that principal, not the caller" — an unsigned call's caller is anonymous, and anonymous matches no
 * "Federated" principal. Until `AuthzCheck.principal` exists and Authorizer.decide honours it, this module
 * teaches the server's Authorizer (once per instance, the way wireSts composes it) to evaluate a check that
 * carries `principal` for that principal, with no identity-side policies, and to word its refusal as AWS
 * does ("Not authorized to perform sts:AssumeRoleWithSAML"). The decision itself stays the policy engine's.
 */
import type { Caller } from '../../../auth/caller.js';
import type { Authorizer } from '../../../authz/authorize.js';
import { isServiceError } from '../../../core/errors.js';
import type { RequestPrincipal } from '../../../policy/index.js';
import type { AuthzCheck } from '../../operation.js';
import type { RoleInfo } from '../iam.js';
import { FederationErrors } from './errors.js';

export interface FederatedCheck extends AuthzCheck {
  /** Who the check is for: the SAML or OIDC provider. */
  principal: RequestPrincipal;
}

const isFederated = (c: AuthzCheck | undefined): c is FederatedCheck => !!c && 'principal' in c && !!(c as FederatedCheck).principal;

/** A trust policy that trusts no one (the role does not exist: refused as a denial, not NoSuchEntity). */
const TRUSTS_NO_ONE = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"no-such-role.tessera.invalid"},"Action":"sts:AssumeRole"}]}';

export function federatedTrustCheck(
  action: string,
  providerArn: string,
  roleArn: string,
  roleAccountId: string,
  role: RoleInfo | undefined,
  context: Record<string, string | string[]>,
): FederatedCheck {
  return {
    action,
    resource: role?.arn ?? roleArn,
    context,
    kind: 'trust',
    resourcePolicy: { document: role?.trustPolicy ?? TRUSTS_NO_ONE, id: role?.arn ?? roleArn },
    resourceAccountId: role?.accountId ?? roleAccountId,
    principal: { type: 'federated', arn: providerArn },
  };
}

const taught = new WeakSet<Authorizer>();

/** See BRIDGE above. Idempotent. */
export function ensureFederatedChecks(authorizer: Authorizer): void {
  if (taught.has(authorizer)) return;
  taught.add(authorizer);
  const decide = authorizer.decide.bind(authorizer);
  authorizer.decide = (caller, policies, check, context) => {
    if (!isFederated(check)) return decide(caller, policies, check, context);
    const provider = { type: check.principal.type, accountId: '', arn: check.principal.arn, userId: check.principal.arn } as unknown as Caller;
    return decide(provider, { identity: [] }, check, context);
  };
  const authorize = authorizer.authorize.bind(authorizer);
  authorizer.authorize = async (caller, checks, context) => {
    try {
      return await authorize(caller, checks, context);
    } catch (e) {
      const check = (e as { check?: AuthzCheck }).check;
      if (isServiceError(e) && e.code === 'AccessDenied' && isFederated(check)) {
        throw Object.assign(FederationErrors.notAuthorized(check.action), { decision: (e as { decision?: unknown }).decision, check });
      }
      throw e;
    }
  };
}
