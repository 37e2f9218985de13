import { defineOperation } from '../../operation.js';
import { listAccountRoles } from '../portal.js';

/** sso:ListAccountRoles (bearer token) — the permission sets the user may use in an account. */
export default defineOperation<{ accessToken?: string; accountId?: string; nextToken?: string; maxResults?: number }, Record<string, unknown>>({
  service: 'sso',
  name: 'ListAccountRoles',
  authentication: 'unsigned',
  checks: () => [],
  handle: (input, ctx) => listAccountRoles(ctx.deps, input, ctx.now),
});
