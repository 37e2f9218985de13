/**
 * What other services (sign-in, the console) use from STS; they import STS only through this file
 * (test/house/service-doors.test.ts keeps it so).
 *
 *  - sealSession(ring, principal, session) → temporary credentials whose session token seals the principal.
 *  - openSession(ring, token) → the sealed claims of a session token, or null (tampered, expired key).
 *  - deriveCredentials(ring, token, accountId) → the access key id and secret a session token stands for.
 *  - SessionPrincipal: who a session is for (a Caller without its session and access key).
 */
export { deriveCredentials, openSession, sealSession, type SessionPrincipal } from './session.js';

// Start-up (server/app.ts): the session resolver for ASIA keys, the session-aware policy provider composed
// around IAM's, the restrictions on GetSessionToken / GetFederationToken credentials, STS's view of IAM.
export { createSessionResolver } from './resolver.js';
export { composePolicyProvider } from './policies.js';
export { checkSessionRestrictions } from './gate.js';
export { stsIam } from './state.js';

// CloudTrail: a denial's explained decision, sealed for the account (DecodeAuthorizationMessage reads it).
export { encodeAuthorizationMessage } from './authorizationMessage.js';
