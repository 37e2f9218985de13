/**
 * The trust check of AssumeRoleWithSAML / AssumeRoleWithWebIdentity, as data: the role's trust policy,
 * evaluated for the identity provider as a principal of type 'federated' (Principal {"Federated": ARN}),
 * with the claims as condition keys.
 *
 * The check names the provider as its principal, so the authorizer evaluates it for the provider with no
 * identity-side policies, and words a refusal as AWS does ("Not authorized to perform sts:AssumeRoleWithSAML").
 */
import { resourceTagContext } from '../../../authz/context.js';
import type { RequestPrincipal } from '../../../policy/index.js';
import type { AuthzCheck } from '../../operation.js';
import type { RoleInfo } from '../iam.js';
import { FederationErrors } from './errors.js';

export type FederatedCheck = AuthzCheck & { principal: RequestPrincipal };

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
    // The role's tags are aws:ResourceTag / iam:ResourceTag of the check, as on AssumeRole.
    context: resourceTagContext(role?.tags, context),
    kind: 'trust',
    resourcePolicy: { document: role?.trustPolicy ?? TRUSTS_NO_ONE, id: role?.arn ?? roleArn },
    resourceAccountId: role?.accountId ?? roleAccountId,
    principal: { type: 'federated', arn: providerArn },
    deniedMessage: FederationErrors.notAuthorized(action).message,
  };
}
