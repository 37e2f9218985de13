import { defineOperation } from '../../operation.js';
import { requirePermissionSet } from '../directory.js';
import { pageAt, requireInstance, ssoCheck } from './shared.js';

/** sso:ListAccountAssignments — who is assigned a permission set in an account. */
export default defineOperation<{ InstanceArn: string; AccountId: string; PermissionSetArn: string; MaxResults?: number; NextToken?: string }, unknown>({
  service: 'sso-admin',
  name: 'ListAccountAssignments',
  checks: (input) => ssoCheck('ListAccountAssignments', input.InstanceArn, input.PermissionSetArn, `arn:aws:sso:::account/${input.AccountId}`),
  handle: async (input, { deps, caller }) => {
    requireInstance(caller.accountId, input.InstanceArn);
    await requirePermissionSet(deps, caller.accountId, input.PermissionSetArn);
    const rows = await deps.store.repos.ssoDirectory.assignmentsOf(input.PermissionSetArn, input.AccountId);
    const { page, NextToken } = pageAt(
      rows.map((r) => ({ AccountId: r.target_account_id, PermissionSetArn: r.permission_set_arn, PrincipalType: r.principal_type, PrincipalId: r.principal_id })),
      input.NextToken,
      input.MaxResults,
    );
    return { AccountAssignments: page, ...(NextToken ? { NextToken } : {}) };
  },
});
