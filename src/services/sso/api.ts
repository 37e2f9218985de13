/**
 * What other parts (the console's device-approval page, the state file) use from Identity Center; they import
 * it only through this file (test/house/service-doors.test.ts keeps it so).
 *
 *  - ssoUserSignin(deps, {userName, password, mfaCode}, now) → the identity-store user, or why not.
 *  - pendingByUserCode(deps, typed, now) / decideDevice(deps, device, approve, userId, accountId): the
 *    approval of a device authorization's user code.
 *  - the directory (createUser, createGroup, createMembership, createPermissionSet, attachManagedPolicy,
 *    putInlinePolicy, createAssignment, deleteAssignment, provisionPermissionSet) for administration.
 */
export { ssoUserSignin, type SigninOutcome } from './signin.js';
export { decideDevice, pendingByUserCode } from './oidc.js';
export {
  attachManagedPolicy,
  createAssignment,
  createGroup,
  createMembership,
  createPermissionSet,
  createUser,
  deleteAssignment,
  provisionPermissionSet,
  putInlinePolicy,
  setUserPassword,
} from './directory.js';
export { identityStoreId, instanceArn } from './names.js';
