import { rootArn } from '../../../core/arn.js';
import { Errors } from '../../../core/errors.js';
import type { AccessKeysTable } from '../../../store/schema.js';
import { defineOperation } from '../../operation.js';
import { rowArn } from '../util.js';

/**
 * iam:GetAccessKeyLastUsed — authorized on the key's owner. The date, service namespace and region of the
 * key's last use (recorded by services/iam/usage.ts); 'N/A' for both before its first use, as AWS.
 */
export default defineOperation<{ AccessKeyId: string }, Record<string, unknown>, { key: AccessKeysTable | undefined; owner: string }>({
  service: 'iam',
  name: 'GetAccessKeyLastUsed',
  /** The key and its owner's ARN (any user of the account when the key is not the account's). */
  prepare: async (input, ctx) => {
    await ctx.deps.usage?.flush();
    const key = await ctx.deps.store.repos.accessKeys.get(input.AccessKeyId);
    let owner = `arn:aws:iam::${ctx.caller.accountId}:user/*`;
    if (key && key.account_id === ctx.caller.accountId) {
      if (key.principal_type === 'root') owner = rootArn(key.account_id);
      else if (key.user_id) {
        const u = await ctx.deps.store.repos.entities.getById(key.user_id);
        if (u) owner = rowArn(u);
      }
    }
    return { key, owner };
  },
  checks: (_input, _ctx, { owner }) => [{ action: 'iam:GetAccessKeyLastUsed', resource: owner }],
  handle: async (input, ctx, { key: k }) => {
    if (!k || k.account_id !== ctx.caller.accountId) throw Errors.accessDenied(`The Access Key with id ${input.AccessKeyId} cannot be found.`);
    return {
      ...(k.user_name ? { UserName: k.user_name } : {}),
      AccessKeyLastUsed: {
        ...(k.last_used_at !== null ? { LastUsedDate: k.last_used_at } : {}),
        ServiceName: k.last_used_service ?? 'N/A',
        Region: k.last_used_region ?? 'N/A',
      },
    };
  },
});
