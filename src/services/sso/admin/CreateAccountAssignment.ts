import { defineOperation } from '../../operation.js';
import { createAssignment } from '../directory.js';
import { assignmentKey, statusOut, type AssignmentInput } from './assignment.js';
import { requireInstance, ssoCheck } from './shared.js';

/**
 * sso:CreateAccountAssignment — the user or group may use the permission set in the account; its role
 * (AWSReservedSSO_<name>_<hex>) is provisioned there at once, so the status is SUCCEEDED.
 */
export default defineOperation<AssignmentInput, unknown>({
  service: 'sso-admin',
  name: 'CreateAccountAssignment',
  checks: (input) => ssoCheck('CreateAccountAssignment', input.InstanceArn, input.PermissionSetArn, `arn:aws:sso:::account/${input.TargetId}`),
  handle: async (input, { deps, caller, now, requestId }) => {
    requireInstance(caller.accountId, input.InstanceArn);
    await createAssignment(deps, caller.accountId, assignmentKey(input), now);
    return { AccountAssignmentCreationStatus: statusOut(input, requestId, now) };
  },
});
