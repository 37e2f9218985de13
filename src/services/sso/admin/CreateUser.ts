import { defineOperation } from '../../operation.js';
import { createUser } from '../directory.js';
import { identityStoreCheck, requireStore } from './shared.js';

interface Input {
  IdentityStoreId: string;
  UserName?: string;
  DisplayName?: string;
  Name?: { GivenName?: string; FamilyName?: string; Formatted?: string };
  Emails?: Array<{ Value?: string; Primary?: boolean }>;
}

/**
 * identitystore:CreateUser — a user of the identity store. It signs in on the device-approval page once an
 * administrator sets its password (`tessera admin sso-user-password`; AWS's API has no password field).
 */
export default defineOperation<Input, unknown>({
  service: 'identitystore',
  name: 'CreateUser',
  checks: (_input, { caller }) => identityStoreCheck('CreateUser', caller.accountId),
  handle: async (input, { deps, caller, now }) => {
    requireStore(caller.accountId, input.IdentityStoreId);
    const email = (input.Emails ?? []).find((e) => e.Primary)?.Value ?? input.Emails?.[0]?.Value;
    const display = input.DisplayName ?? input.Name?.Formatted ?? [input.Name?.GivenName, input.Name?.FamilyName].filter(Boolean).join(' ');
    const { user } = await createUser(deps, caller.accountId, { userName: input.UserName ?? '', displayName: display || (input.UserName ?? ''), email }, now);
    return { IdentityStoreId: input.IdentityStoreId, UserId: user.id };
  },
});
