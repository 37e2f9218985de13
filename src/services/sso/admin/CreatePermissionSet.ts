import { defineOperation } from '../../operation.js';
import { createPermissionSet } from '../directory.js';
import { permissionSetOut, requireInstance, ssoCheck } from './shared.js';

interface Input {
  Name: string;
  Description?: string;
  InstanceArn: string;
  SessionDuration?: string;
  RelayState?: string;
}

/** sso:CreatePermissionSet — a permission set (session duration PT1H by default); no role exists until it is assigned. */
export default defineOperation<Input, unknown>({
  service: 'sso-admin',
  name: 'CreatePermissionSet',
  checks: (input) => ssoCheck('CreatePermissionSet', input.InstanceArn),
  handle: async (input, { deps, caller, now }) => {
    requireInstance(caller.accountId, input.InstanceArn);
    const ps = await createPermissionSet(deps, caller.accountId, { name: input.Name, description: input.Description, sessionDuration: input.SessionDuration, relayState: input.RelayState }, now);
    return { PermissionSet: permissionSetOut(ps) };
  },
});
