import { defineOperation } from '../../operation.js';
import { star } from '../lookups.js';
import { userOut } from '../model.js';
import { DEFAULT_MAX_ITEMS, decodeMarker, keysetPage } from '../util.js';

/** iam:ListUsers — in name order, keyset-paginated (Marker / IsTruncated / MaxItems, default 100). */
export default defineOperation<{ PathPrefix?: string; Marker?: string; MaxItems?: number }, Record<string, unknown>>({
  service: 'iam',
  name: 'ListUsers',
  checks: () => [star('iam:ListUsers')],
  handle: async (input, ctx) => {
    const limit = input.MaxItems ?? DEFAULT_MAX_ITEMS;
    const rows = await ctx.deps.store.repos.entities.list(ctx.caller.accountId, 'user', { after: decodeMarker(input.Marker), limit, pathPrefix: input.PathPrefix });
    const { page, ...rest } = keysetPage(rows, limit, (r) => r.name_lc);
    return { Users: page.map((u) => userOut(u, false)), ...rest };
  },
});
