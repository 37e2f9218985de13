import { defineOperation } from '../../operation.js';
import { pageAt, requireInstance, ssoCheck } from './shared.js';

/** sso:ListPermissionSets — their ARNs, oldest first. */
export default defineOperation<{ InstanceArn: string; NextToken?: string; MaxResults?: number }, unknown>({
  service: 'sso-admin',
  name: 'ListPermissionSets',
  checks: (input) => ssoCheck('ListPermissionSets', input.InstanceArn),
  handle: async (input, { deps, caller }) => {
    requireInstance(caller.accountId, input.InstanceArn);
    const arns = (await deps.store.repos.ssoDirectory.listPermissionSets(caller.accountId)).map((p) => p.arn);
    const { page, NextToken } = pageAt(arns, input.NextToken, input.MaxResults);
    return { PermissionSets: page, ...(NextToken ? { NextToken } : {}) };
  },
});
