import { defineOperation } from '../../operation.js';
import { attachManagedPolicy } from '../directory.js';
import { requireInstance, ssoCheck } from './shared.js';

/** sso:AttachManagedPolicyToPermissionSet — takes effect in the accounts at ProvisionPermissionSet (or a new assignment). */
export default defineOperation<{ InstanceArn: string; PermissionSetArn: string; ManagedPolicyArn: string }, unknown>({
  service: 'sso-admin',
  name: 'AttachManagedPolicyToPermissionSet',
  checks: (input) => ssoCheck('AttachManagedPolicyToPermissionSet', input.InstanceArn, input.PermissionSetArn),
  handle: async (input, { deps, caller }) => {
    requireInstance(caller.accountId, input.InstanceArn);
    await attachManagedPolicy(deps, caller.accountId, input.PermissionSetArn, input.ManagedPolicyArn);
    return {};
  },
});
