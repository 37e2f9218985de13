import { defineOperation } from '../../operation.js';
import { createMembership } from '../directory.js';
import { AdminErrors } from '../errors.js';
import { identityStoreCheck, requireStore } from './shared.js';

/** identitystore:CreateGroupMembership — a user (MemberId.UserId) joins a group; its assignments apply to the user. */
export default defineOperation<{ IdentityStoreId: string; GroupId: string; MemberId: { UserId?: string } }, unknown>({
  service: 'identitystore',
  name: 'CreateGroupMembership',
  checks: (_input, { caller }) => identityStoreCheck('CreateGroupMembership', caller.accountId),
  handle: async (input, { deps, caller, now }) => {
    requireStore(caller.accountId, input.IdentityStoreId);
    if (!input.MemberId?.UserId) throw AdminErrors.validation('MemberId.UserId is required');
    const id = await createMembership(deps, caller.accountId, input.GroupId, input.MemberId.UserId, now);
    return { MembershipId: id, IdentityStoreId: input.IdentityStoreId };
  },
});
