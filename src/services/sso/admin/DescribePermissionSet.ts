import { defineOperation } from '../../operation.js';
import { requirePermissionSet } from '../directory.js';
import { permissionSetOut, requireInstance, ssoCheck } from './shared.js';

/** sso:DescribePermissionSet. */
export default defineOperation<{ InstanceArn: string; PermissionSetArn: string }, unknown>({
  service: 'sso-admin',
  name: 'DescribePermissionSet',
  checks: (input) => ssoCheck('DescribePermissionSet', input.InstanceArn, input.PermissionSetArn),
  handle: async (input, { deps, caller }) => {
    requireInstance(caller.accountId, input.InstanceArn);
    return { PermissionSet: permissionSetOut(await requirePermissionSet(deps, caller.accountId, input.PermissionSetArn)) };
  },
});
