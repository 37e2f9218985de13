import { defineOperation, type OperationContext } from '../../operation.js';
import { claimsSessionRequest, claimsTrustChecks, reportsPackedSize } from '../federation/claimsSession.js';
import { auditPrincipal, auditProviderFound } from '../federation/auditIdentity.js';
import { FederationErrors } from '../federation/errors.js';
import { issuerKey, type OidcProvider } from '../federation/providers.js';
import { verifyWebIdentity, type VerifiedWebIdentity } from '../federation/oidc.js';
import { mapWebIdentity, type WebIdentitySession } from '../federation/oidcMapping.js';
import { checkRequestedDuration, DEFAULT_SECONDS, issueRoleSession, roleAccountOf, type RoleSessionOutput } from '../federation/roleSession.js';
import type { RoleInfo } from '../iam.js';
import type { ResolvedSessionRequest } from '../sessionRequest.js';
import { stsIam } from '../state.js';

interface Input {
  RoleArn: string;
  RoleSessionName: string;
  WebIdentityToken: string;
  ProviderId?: string;
  Policy?: string;
  PolicyArns?: { arn?: string }[];
  DurationSeconds?: number;
}

interface Output extends RoleSessionOutput {
  SubjectFromWebIdentityToken: string;
  Provider: string;
  Audience: string;
}

interface Prepared {
  role: RoleInfo | undefined;
  verified: VerifiedWebIdentity;
  mapped: WebIdentitySession;
  request: ResolvedSessionRequest;
  roleAccount: string;
}

/**
 * sts:AssumeRoleWithWebIdentity (unsigned). The OIDC token is authentication: verified while the checks are
 * built (keys from the registered issuer's discovery document), its claims become the trust check's
 * condition keys (ISSUER:aud, ISSUER:sub, ISSUER:amr, ...), and the trust policy is evaluated for the OIDC
 * provider (principal type 'federated', the provider's ARN).
 */
export default defineOperation<Input, Output, Prepared>({
  service: 'sts',
  name: 'AssumeRoleWithWebIdentity',
  authentication: 'unsigned',
  prepare: async (input, ctx) => {
    const roleAccount = roleAccountOf(input.RoleArn);
    if (input.ProviderId !== undefined) {
      throw FederationErrors.invalidToken('OAuth 2.0 access tokens (ProviderId) are not supported; use an OpenID Connect ID token');
    }
    const found = (p: OidcProvider) => auditProviderFound(ctx.auditIdentity, 'WebIdentityUser', roleAccount, issuerKey(p.url));
    const verified = await verifyWebIdentity(ctx.deps, input.WebIdentityToken, roleAccount, ctx.now, found);
    const idp = issuerKey(verified.provider.url);
    const sub = String(verified.payload.sub);
    auditPrincipal(ctx.auditIdentity, 'WebIdentityUser', `${idp}:${verified.audience}:${sub}`, sub, idp);
    const mapped = mapWebIdentity(verified.payload, verified.provider.url, verified.audience);
    const request = claimsSessionRequest(input, mapped);
    const role = await stsIam(ctx.deps).findRole(input.RoleArn);
    return { role, verified, mapped, request, roleAccount };
  },
  checks: (input, _ctx, { verified, roleAccount, role, request, mapped }) => {
    const trust = { providerArn: verified.provider.arn, roleArn: input.RoleArn, roleAccount, role };
    return claimsTrustChecks('sts:AssumeRoleWithWebIdentity', trust, request, mapped, { 'sts:RoleSessionName': input.RoleSessionName });
  },
  handle: (input, ctx, prepared) => assumeRoleWithWebIdentity(input, ctx, prepared),
});

async function assumeRoleWithWebIdentity(input: Input, ctx: OperationContext, p: Prepared): Promise<Output> {
  if (!p.role) throw FederationErrors.notAuthorized('sts:AssumeRoleWithWebIdentity');
  const { role, verified, mapped, request } = p;
  checkRequestedDuration(input.DurationSeconds, role);
  const out = issueRoleSession(ctx, {
    role,
    sessionName: input.RoleSessionName,
    seconds: input.DurationSeconds ?? DEFAULT_SECONDS,
    request,
    sourceIdentity: mapped.sourceIdentity,
    issuedBy: 'AssumeRoleWithWebIdentity',
    providerArn: verified.provider.arn,
    contextKeys: mapped.context,
    packed: reportsPackedSize(input, mapped),
  });
  return {
    ...out,
    SubjectFromWebIdentityToken: String(verified.payload.sub),
    Provider: verified.provider.arn,
    Audience: verified.audience,
  };
}
