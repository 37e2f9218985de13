import { defineOperation } from '../../operation.js';
import { deleteAssignment } from '../directory.js';
import { assignmentKey, statusOut, type AssignmentInput } from './assignment.js';
import { requireInstance, ssoCheck } from './shared.js';

/** sso:DeleteAccountAssignment — the user or group may no longer get the permission set's credentials in the account. */
export default defineOperation<AssignmentInput, unknown>({
  service: 'sso-admin',
  name: 'DeleteAccountAssignment',
  checks: (input) => ssoCheck('DeleteAccountAssignment', input.InstanceArn, input.PermissionSetArn, `arn:aws:sso:::account/${input.TargetId}`),
  handle: async (input, { deps, caller, now, requestId }) => {
    requireInstance(caller.accountId, input.InstanceArn);
    await deleteAssignment(deps, caller.accountId, assignmentKey(input));
    return { AccountAssignmentDeletionStatus: statusOut(input, requestId, now) };
  },
});
