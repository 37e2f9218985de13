import { defineOperation } from '../../operation.js';
import { star } from '../lookups.js';
import { pageOf } from '../util.js';

/** iam:ListAccountAliases */
export default defineOperation<{ Marker?: string; MaxItems?: number }, Record<string, unknown>>({
  service: 'iam',
  name: 'ListAccountAliases',
  checks: () => [star('iam:ListAccountAliases')],
  handle: async (input, ctx) => {
    const aliases = await ctx.deps.store.repos.accountSettings.listAliases(ctx.caller.accountId);
    const { page, ...rest } = pageOf(aliases, input.Marker, input.MaxItems);
    return { AccountAliases: page, ...rest };
  },
});
