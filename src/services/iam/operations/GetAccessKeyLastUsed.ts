import { rootArn } from '../../../core/arn.js';
import { Errors } from '../../../core/errors.js';
import { defineQueryOperation } from '../../operation.js';
import { rowArn } from '../util.js';

/**
 * iam:GetAccessKeyLastUsed — authorized on the key's owner. Tessera records the date (at most once a minute
 * per key) and the server's region; the service is not recorded ('N/A').
 */
export default defineQueryOperation<{ AccessKeyId: string }, Record<string, unknown>>({
  service: 'iam',
  name: 'GetAccessKeyLastUsed',
  authorize: async (input, ctx) => {
    const k = await ctx.deps.store.repos.accessKeys.get(input.AccessKeyId);
    let resource = `arn:aws:iam::${ctx.caller.accountId}:user/*`;
    if (k && k.account_id === ctx.caller.accountId) {
      if (k.principal_type === 'root') resource = rootArn(k.account_id);
      else if (k.user_id) {
        const u = await ctx.deps.store.repos.entities.getById(k.user_id);
        if (u) resource = rowArn(u);
      }
    }
    return [{ action: 'iam:GetAccessKeyLastUsed', resource }];
  },
  handle: async (input, ctx) => {
    const k = await ctx.deps.store.repos.accessKeys.get(input.AccessKeyId);
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
