import { defineOperation, type OperationContext } from '../../operation.js';
import { claimsSessionRequest, claimsTrustChecks, reportsPackedSize } from '../federation/claimsSession.js';
import { auditPrincipal, auditProviderFound } from '../federation/auditIdentity.js';
import { FederationErrors } from '../federation/errors.js';
import { findSamlProvider, parseSamlProviderArn } from '../federation/providers.js';
import { redeemOnce } from '../federation/replay.js';
import { checkRequestedDuration, DEFAULT_SECONDS, issueRoleSession, roleAccountOf, type RoleSessionOutput } from '../federation/roleSession.js';
import { verifySamlAssertion } from '../federation/saml.js';
import type { SamlClaims } from '../federation/samlAssertion.js';
import { mapSamlClaims, nameQualifierOf, rolePairAsserted, type SamlSession } from '../federation/samlMapping.js';
import type { RoleInfo } from '../iam.js';
import type { ResolvedSessionRequest } from '../sessionRequest.js';
import { stsIam } from '../state.js';

interface Input {
  RoleArn: string;
  PrincipalArn: string;
  SAMLAssertion: string;
  Policy?: string;
  PolicyArns?: { arn?: string }[];
  DurationSeconds?: number;
}

interface Output extends RoleSessionOutput {
  Subject: string;
  SubjectType: string;
  Issuer: string;
  Audience: string;
  NameQualifier: string;
}

interface Prepared {
  role: RoleInfo | undefined;
  providerArn: string;
  claims: SamlClaims;
  mapped: SamlSession;
  request: ResolvedSessionRequest;
  roleAccount: string;
}

/**
 * sts:AssumeRoleWithSAML (unsigned). The SAML Response is authentication: it is verified in prepare (signature against the provider's metadata, time, audience, recipient, the Role pair), and
 * its claims become the trust check's condition keys (saml:aud, saml:sub, saml:sub_type, saml:iss,
 * saml:namequalifier, saml:doc, eduPerson/inetOrgPerson keys, aws:RequestTag/*, sts:SourceIdentity, ...).
 * The trust policy is evaluated for the SAML provider (principal type 'federated'); passing tags also needs
 * sts:TagSession, a source identity sts:SetSourceIdentity. The assertion is redeemed exactly once (across
 * processes) only after authorization allowed it.
 */
export default defineOperation<Input, Output, Prepared>({
  service: 'sts',
  name: 'AssumeRoleWithSAML',
  authentication: 'unsigned',
  prepare: async (input, ctx) => {
    const roleAccount = roleAccountOf(input.RoleArn);
    const providerRef = parseSamlProviderArn(input.PrincipalArn);
    if (!providerRef) throw FederationErrors.validation('Request ARN is invalid');
    const provider = await findSamlProvider(ctx.deps, input.PrincipalArn);
    if (!provider) throw FederationErrors.invalidToken("Specified provider doesn't exist");
    if (provider.accountId === roleAccount) auditProviderFound(ctx.auditIdentity, 'SAMLUser', roleAccount);
    const claims = verifySamlAssertion(input.SAMLAssertion, provider, ctx.now);
    const qualifier = nameQualifierOf(claims.issuer, provider.accountId, provider.name);
    auditPrincipal(ctx.auditIdentity, 'SAMLUser', `${qualifier}:${claims.nameId}`, claims.nameId, qualifier);
    if (!rolePairAsserted(claims, input.RoleArn, input.PrincipalArn)) throw FederationErrors.notAuthorized('sts:AssumeRoleWithSAML');
    const mapped = mapSamlClaims(claims, provider);
    const request = claimsSessionRequest(input, mapped);
    const role = await stsIam(ctx.deps).findRole(input.RoleArn);
    return { role, providerArn: provider.arn, claims, mapped, request, roleAccount };
  },
  checks: (input, _ctx, { providerArn, roleAccount, role, request, mapped }) =>
    claimsTrustChecks('sts:AssumeRoleWithSAML', { providerArn, roleArn: input.RoleArn, roleAccount, role }, request, mapped),
  handle: (input, ctx, prepared) => assumeRoleWithSaml(input, ctx, prepared),
});

async function assumeRoleWithSaml(input: Input, ctx: OperationContext, p: Prepared): Promise<Output> {
  if (!p.role) throw FederationErrors.notAuthorized('sts:AssumeRoleWithSAML');
  const { role, claims, mapped, request } = p;
  checkRequestedDuration(input.DurationSeconds, role);
  const seconds = Math.min(input.DurationSeconds ?? mapped.sessionDuration ?? DEFAULT_SECONDS, role.maxSessionDuration);
  if (!(await redeemOnce(ctx.deps, p.providerArn, claims.id, claims.redeemableUntil, ctx.now))) {
    throw FederationErrors.invalidToken('SAML assertion has already been used (replay)');
  }
  const out = issueRoleSession(ctx, {
    role,
    sessionName: mapped.sessionName,
    seconds,
    endsBy: claims.sessionNotOnOrAfter,
    request,
    sourceIdentity: mapped.sourceIdentity,
    issuedBy: 'AssumeRoleWithSAML',
    providerArn: p.providerArn,
    contextKeys: mapped.context,
    packed: reportsPackedSize(input, mapped),
  });
  return {
    ...out,
    Subject: claims.nameId,
    SubjectType: mapped.subjectType,
    Issuer: claims.issuer,
    Audience: claims.recipient,
    NameQualifier: mapped.nameQualifier,
  };
}
