import { defineOperation } from '../../operation.js';
import { listAccounts } from '../portal.js';

/** sso:ListAccounts (bearer token) — the accounts the user has assignments in. */
export default defineOperation<{ accessToken?: string; nextToken?: string; maxResults?: number }, Record<string, unknown>>({
  service: 'sso',
  name: 'ListAccounts',
  authentication: 'unsigned',
  checks: () => [],
  handle: (input, ctx) => listAccounts(ctx.deps, input, ctx.now),
});
