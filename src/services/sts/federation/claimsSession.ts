/**
 * What AssumeRoleWithSAML and AssumeRoleWithWebIdentity do alike with the claims of a verified assertion or
 * token: the session request (the call's session policies plus the claims' session tags, for an anonymous
 * caller), the trust checks (the operation's own; sts:TagSession when the claims carry tags;
 * sts:SetSourceIdentity when they carry a source identity), and whether PackedPolicySize is reported.
 */
import { anonymousCaller } from '../../../auth/caller.js';
import type { AuthzCheck } from '../../operation.js';
import type { RoleInfo } from '../iam.js';
import { resolveSessionRequest, type ResolvedSessionRequest } from '../sessionRequest.js';
import { federatedTrustCheck } from './trust.js';

/** The claims as the SAML and OIDC mappings hand them over. */
export interface SessionClaims {
  tags: { Key: string; Value: string }[];
  transitiveTagKeys: string[];
  sourceIdentity: string | undefined;
  /** The claims' condition keys (saml:*, ISSUER:*). */
  context: Record<string, string | string[]>;
}

/** The session policies a federated AssumeRole* call may pass. */
export interface SessionPolicies {
  Policy?: string;
  PolicyArns?: { arn?: string }[];
}

export function claimsSessionRequest(input: SessionPolicies, claims: SessionClaims): ResolvedSessionRequest {
  return resolveSessionRequest(
    {
      ...(input.Policy !== undefined ? { Policy: input.Policy } : {}),
      ...(input.PolicyArns ? { PolicyArns: input.PolicyArns } : {}),
      ...(claims.tags.length ? { Tags: claims.tags } : {}),
      ...(claims.transitiveTagKeys.length ? { TransitiveTagKeys: claims.transitiveTagKeys } : {}),
    },
    anonymousCaller(),
  );
}

export function claimsTrustChecks(
  action: 'sts:AssumeRoleWithSAML' | 'sts:AssumeRoleWithWebIdentity',
  trust: { providerArn: string; roleArn: string; roleAccount: string; role: RoleInfo | undefined },
  request: ResolvedSessionRequest,
  claims: SessionClaims,
  extraContext: Record<string, string> = {},
): AuthzCheck[] {
  const context: Record<string, string | string[]> = { ...request.context, ...claims.context, ...extraContext };
  if (claims.sourceIdentity !== undefined) context['sts:SourceIdentity'] = claims.sourceIdentity;
  const check = (a: string) => federatedTrustCheck(a, trust.providerArn, trust.roleArn, trust.roleAccount, trust.role, context);
  const checks: AuthzCheck[] = [check(action)];
  if (claims.tags.length || claims.transitiveTagKeys.length) checks.push(check('sts:TagSession'));
  if (claims.sourceIdentity !== undefined) checks.push(check('sts:SetSourceIdentity'));
  return checks;
}

/** PackedPolicySize is reported when the call passes session policies or the claims pass tags. */
export const reportsPackedSize = (input: SessionPolicies, claims: SessionClaims): boolean =>
  input.Policy !== undefined || !!input.PolicyArns?.length || claims.tags.length > 0;
