/**
 * What the console uses from sign-in; it imports sign-in only through this file
 * (test/house/service-doors.test.ts keeps it so).
 *
 *  - consoleSignin(deps, ex, input) → the outcome of a password (and MFA) sign-in to the console.
 *  - lookupConsoleSession / endConsoleSession / clearCookie → the console session behind a request's cookie;
 *    endAllConsoleSessions → every console session of its principal ended (sign out everywhere).
 *  - ConsoleSession, ConsoleCredentials, SessionLookup: a signed-in console session and its credentials.
 *  - readParams, sendJson, sendText, redirect: the small HTTP helpers sign-in and the console share.
 */
export {
  clearCookie,
  endAllConsoleSessions,
  endConsoleSession,
  lookupConsoleSession,
  type ConsoleCredentials,
  type ConsoleSession,
  type SessionLookup,
} from './consoleSession.js';
export { consoleSignin, type ChangePasswordAs, type SigninInput } from './passwordSignin.js';
export { readParams, redirect, sendJson, sendText } from './web.js';
