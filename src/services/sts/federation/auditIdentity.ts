/**
 * The CloudTrail userIdentity of the unsigned STS calls (CloudTrail User Guide, "Values for AWS STS APIs with
 * SAML and web identity federation"): SAMLUser (principalId `namequalifier:sub`, userName the NameID,
 * identityProvider the name qualifier) and WebIdentityUser (principalId `issuer:audience:sub`, userName the
 * subject, identityProvider the issuer). The operations fill the call's AuditIdentity in two steps: the
 * account once the provider named is found registered in the role's account (from then on the call is
 * recorded there, refused or not: calls naming no registered provider are recorded nowhere), the principal
 * once the assertion or token is verified. Nothing of an unverified assertion or token enters a record.
 */
import type { AuditIdentity } from '../../operation.js';

type IdentityType = 'SAMLUser' | 'WebIdentityUser';

/** The provider named is registered in the role's account: the call is recorded there from now on. */
export function auditProviderFound(audit: AuditIdentity | undefined, type: IdentityType, accountId: string, identityProvider?: string): void {
  if (!audit) return;
  audit.accountId = accountId;
  audit.identity = { type, ...(identityProvider ? { identityProvider } : {}) };
}

/** The assertion or token verified: who made the call. */
export function auditPrincipal(audit: AuditIdentity | undefined, type: IdentityType, principalId: string, userName: string, identityProvider: string): void {
  if (!audit?.accountId) return;
  audit.identity = { type, principalId, userName, identityProvider };
}
