import { defineOperation } from '../../operation.js';
import { createGroup } from '../directory.js';
import { identityStoreCheck, requireStore } from './shared.js';

/** identitystore:CreateGroup. */
export default defineOperation<{ IdentityStoreId: string; DisplayName?: string; Description?: string }, unknown>({
  service: 'identitystore',
  name: 'CreateGroup',
  checks: (_input, { caller }) => identityStoreCheck('CreateGroup', caller.accountId),
  handle: async (input, { deps, caller, now }) => {
    requireStore(caller.accountId, input.IdentityStoreId);
    const g = await createGroup(deps, caller.accountId, { displayName: input.DisplayName ?? '', description: input.Description }, now);
    return { GroupId: g.id, IdentityStoreId: input.IdentityStoreId };
  },
});
