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
