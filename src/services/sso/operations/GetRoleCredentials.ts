import { defineOperation } from '../../operation.js';
import { getRoleCredentials } from '../portal.js';

/**
 * sso:GetRoleCredentials (bearer token) — temporary credentials of the permission set's AWSReservedSSO_ role
 * in the account, session name the user's name, for the permission set's session duration.
 */
export default defineOperation<{ accessToken?: string; accountId?: string; roleName?: string }, Record<string, unknown>>({
  service: 'sso',
  name: 'GetRoleCredentials',
  authentication: 'unsigned',
  checks: () => [],
  handle: (input, ctx) => getRoleCredentials(ctx.deps, input, ctx.now),
});
