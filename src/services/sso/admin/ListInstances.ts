import { defineOperation } from '../../operation.js';
import { identityStoreId, instanceArn } from '../names.js';
import { ssoCheck } from './shared.js';

/** sso:ListInstances — the caller's account's one Identity Center instance and its identity store. */
export default defineOperation<{ MaxResults?: number; NextToken?: string }, unknown>({
  service: 'sso-admin',
  name: 'ListInstances',
  checks: () => ssoCheck('ListInstances', '*'),
  handle: async (_input, { caller }) => ({
    Instances: [{ InstanceArn: instanceArn(caller.accountId), IdentityStoreId: identityStoreId(caller.accountId), OwnerAccountId: caller.accountId, Status: 'ACTIVE' }],
  }),
});
