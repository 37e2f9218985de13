import { defineOperation } from '../../operation.js';
import { StsErrors } from '../errors.js';
import { accountOfTemporaryKey } from '../session.js';

/**
 * sts:GetAccessKeyInfo — the account a key id belongs to. Temporary (ASIA) key ids carry their account, as
 * AWS's do; long-term ones are looked up. Needs sts:GetAccessKeyInfo (resource "*").
 */
export default defineOperation<{ AccessKeyId: string }, { Account: string }>({
  service: 'sts',
  name: 'GetAccessKeyInfo',
  checks: () => [{ action: 'sts:GetAccessKeyInfo', resource: '*' }],
  handle: async ({ AccessKeyId }, { deps }) => {
    const temporary = accountOfTemporaryKey(AccessKeyId);
    if (temporary) return { Account: temporary };
    const row = AccessKeyId.startsWith('ASIA') ? undefined : await deps.store.repos.accessKeys.get(AccessKeyId);
    if (!row) throw StsErrors.invalidParameter(`The access key ID '${AccessKeyId}' is not valid.`);
    return { Account: row.account_id };
  },
});
