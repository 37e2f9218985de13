import { defineOperation } from '../../operation.js';
import { AdminErrors } from '../errors.js';
import { identityStoreCheck, requireStore, userOut } from './shared.js';

/** identitystore:ListUsers — in user-name order; the one filter AWS documents, UserName equality. */
export default defineOperation<{ IdentityStoreId: string; MaxResults?: number; NextToken?: string; Filters?: Array<{ AttributePath: string; AttributeValue: string }> }, unknown>({
  service: 'identitystore',
  name: 'ListUsers',
  checks: (_input, { caller }) => identityStoreCheck('ListUsers', caller.accountId),
  handle: async (input, { deps, caller }) => {
    requireStore(caller.accountId, input.IdentityStoreId);
    const dir = deps.store.repos.ssoDirectory;
    const filter = input.Filters?.[0];
    if (filter) {
      if (filter.AttributePath !== 'UserName') throw AdminErrors.validation('Only the UserName attribute path can be filtered on');
      const u = await dir.userByName(caller.accountId, filter.AttributeValue);
      return { Users: u ? [userOut(u, input.IdentityStoreId)] : [] };
    }
    const max = Math.min(input.MaxResults ?? 100, 100);
    const after = input.NextToken !== undefined ? Buffer.from(input.NextToken, 'base64url').toString('utf8') : undefined;
    const rows = await dir.listUsers(caller.accountId, { after, limit: max + 1 });
    const page = rows.slice(0, max);
    return {
      Users: page.map((u) => userOut(u, input.IdentityStoreId)),
      ...(rows.length > max ? { NextToken: Buffer.from(page[page.length - 1]!.user_name_lc, 'utf8').toString('base64url') } : {}),
    };
  },
});
