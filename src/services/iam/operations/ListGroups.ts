import { defineOperation } from '../../operation.js';
import { star } from '../lookups.js';
import { groupOut } from '../model.js';
import { DEFAULT_MAX_ITEMS, decodeMarker, keysetPage } from '../util.js';

/** iam:ListGroups */
export default defineOperation<{ PathPrefix?: string; Marker?: string; MaxItems?: number }, Record<string, unknown>>({
  service: 'iam',
  name: 'ListGroups',
  checks: () => [star('iam:ListGroups')],
  handle: async (input, ctx) => {
    const limit = input.MaxItems ?? DEFAULT_MAX_ITEMS;
    const rows = await ctx.deps.store.repos.entities.list(ctx.caller.accountId, 'group', { after: decodeMarker(input.Marker), limit, pathPrefix: input.PathPrefix });
    const { page, ...rest } = keysetPage(rows, limit, (r) => r.name_lc);
    return { Groups: page.map(groupOut), ...rest };
  },
});
