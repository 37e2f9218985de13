import { defineOperation } from '../../operation.js';
import { putInlinePolicy } from '../directory.js';
import { requireInstance, ssoCheck } from './shared.js';

/** sso:PutInlinePolicyToPermissionSet — validated as an identity policy; the roles get it as AwsSSOInlinePolicy. */
export default defineOperation<{ InstanceArn: string; PermissionSetArn: string; InlinePolicy: string }, unknown>({
  service: 'sso-admin',
  name: 'PutInlinePolicyToPermissionSet',
  checks: (input) => ssoCheck('PutInlinePolicyToPermissionSet', input.InstanceArn, input.PermissionSetArn),
  handle: async (input, { deps, caller }) => {
    requireInstance(caller.accountId, input.InstanceArn);
    await putInlinePolicy(deps, caller.accountId, input.PermissionSetArn, input.InlinePolicy);
    return {};
  },
});
