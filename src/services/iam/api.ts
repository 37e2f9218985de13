/**
 * What other services (STS, sign-in) use from IAM. Every function takes the server's Deps first.
 *
 *  - verifyMfaCode(deps, { accountId, callerUserName | root, serialNumber, code, now }) → { authTime }
 *    or AccessDenied with AWS's MFA messages; codes are single-use per device; throttled per device.
 *  - checkSealedPassword(keyring, userId, password, stored) → whether a login profile's sealed hash matches;
 *    checkSealedHash(keyring, aad, password, stored) the same for any sealed password hash (Identity Center).
 *  - policiesForRole(deps, accountId, roleId) → PrincipalPolicies (identity + boundary) of the role with
 *    that unique id (AROA...), cached; `principalGone` when there is none.
 *  - getRole(deps, accountId, roleName) → RoleInfo (id, name, ARN with path, trust policy as stored,
 *    MaxSessionDuration), the one role type STS uses; undefined when there is none.
 *  - managedDocument(deps, arn) → the default version's document of a managed policy (customer or AWS
 *    managed), e.g. for session PolicyArns.
 *  - rowArn(row) → the ARN (with path) of an IAM entity row (user, role, group).
 *  - parseSamlMetadata(xml) → a SAML provider's metadata (entity id, signing certificates, validity).
 *
 *  - provisionReservedRole(deps, spec) → the AWSReservedSSO_* role of an Identity Center permission set in an
 *    account, created or brought up to date (policies, session duration); reservedTrustPolicy, RESERVED_SSO_PATH.
 *  - hashPassword / verifyPassword (scrypt), newSeed / findStep / stepAt / codeAt (TOTP): the primitives
 *    IAM's login profiles and MFA devices use, for Identity Center's own users.
 *
 * Other services import IAM only through this file (test/house/service-doors.test.ts keeps it so).
 */
export { verifyMfaCode, type VerifyMfaInput } from './mfa.js';
export { policiesForRole } from './policies.js';
export { getRole, type RoleInfo } from './roles.js';
export { managedDocument } from './lookups.js';
export { checkSealedHash, checkSealedPassword } from './loginPassword.js';
export { rowArn } from './util.js';
export { parseSamlMetadata, type SamlMetadata } from './saml.js';

// Start-up (server/app.ts): console password hashes left plain by an older version are sealed; IAM users'
// access keys resolve to callers; the caller's compiled identity policies.
export { sealLegacyPasswordHashes } from './loginPassword.js';
export { iamUserResolver } from './userResolver.js';
export { policyCache } from './policies.js';
export { usageRecorder } from './usage/recorder.js';
export { provisionReservedRole, reservedTrustPolicy, RESERVED_SSO_PATH, SSO_INLINE_POLICY_NAME, type ReservedRoleSpec } from './reservedRoles.js';
export { hashPassword, verifyPassword } from './password.js';
export { codeAt, findStep, newSeed, stepAt } from './totp.js';
export { isUniqueViolation } from './errors.js';
export { validateDocument } from './util.js';
