import { defineOperation } from '../../operation.js';
import { decodeAuthorizationMessage } from '../authorizationMessage.js';
import { StsErrors } from '../errors.js';

/** sts:DecodeAuthorizationMessage — the explained decision behind an encoded AccessDenied message. */
export default defineOperation<{ EncodedMessage: string }, { DecodedMessage: string }>({
  service: 'sts',
  name: 'DecodeAuthorizationMessage',
  checks: () => [{ action: 'sts:DecodeAuthorizationMessage', resource: '*' }],
  handle: async ({ EncodedMessage }, { deps, caller }) => {
    const decoded = await decodeAuthorizationMessage(deps.keyring, caller.accountId, EncodedMessage);
    if (decoded === undefined) throw StsErrors.invalidAuthorizationMessage();
    return { DecodedMessage: decoded };
  },
});
