import { defineOperation } from '../../operation.js';
import { AdminErrors } from '../errors.js';
import { provisionPermissionSet } from '../directory.js';
import { requireInstance, ssoCheck } from './shared.js';

/**
 * sso:ProvisionPermissionSet — the roles of the permission set get its current policies and session duration
 * in one account (AWS_ACCOUNT) or in every account it is assigned in (ALL_PROVISIONED_ACCOUNTS); done at once.
 */
export default defineOperation<{ InstanceArn: string; PermissionSetArn: string; TargetId?: string; TargetType: string }, unknown>({
  service: 'sso-admin',
  name: 'ProvisionPermissionSet',
  checks: (input) => ssoCheck('ProvisionPermissionSet', input.InstanceArn, input.PermissionSetArn),
  handle: async (input, { deps, caller, now, requestId }) => {
    requireInstance(caller.accountId, input.InstanceArn);
    if (input.TargetType === 'AWS_ACCOUNT' && !input.TargetId) throw AdminErrors.validation('TargetId is required for TargetType AWS_ACCOUNT');
    if (input.TargetType !== 'AWS_ACCOUNT' && input.TargetType !== 'ALL_PROVISIONED_ACCOUNTS') throw AdminErrors.validation('TargetType must be AWS_ACCOUNT or ALL_PROVISIONED_ACCOUNTS');
    await provisionPermissionSet(deps, caller.accountId, input.PermissionSetArn, input.TargetType === 'AWS_ACCOUNT' ? input.TargetId : undefined, now);
    return {
      PermissionSetProvisioningStatus: {
        Status: 'SUCCEEDED',
        RequestId: requestId,
        ...(input.TargetId ? { AccountId: input.TargetId } : {}),
        PermissionSetArn: input.PermissionSetArn,
        CreatedDate: now,
      },
    };
  },
});
