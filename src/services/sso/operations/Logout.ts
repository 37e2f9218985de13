import { defineOperation } from '../../operation.js';
import { logout } from '../portal.js';

/** sso:Logout (bearer token) — the access token stops working. */
export default defineOperation<{ accessToken?: string }, Record<string, unknown>>({
  service: 'sso',
  name: 'Logout',
  authentication: 'unsigned',
  checks: () => [],
  handle: (input, ctx) => logout(ctx.deps, input, ctx.now),
});
