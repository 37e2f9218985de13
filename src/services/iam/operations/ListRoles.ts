import { defineOperation } from '../../operation.js';
import { star } from '../lookups.js';
import { roleOut } from '../model.js';
import { DEFAULT_MAX_ITEMS, decodeMarker, keysetPage } from '../util.js';

/** iam:ListRoles — in name order, keyset-paginated. */
export default defineOperation<{ PathPrefix?: string; Marker?: string; MaxItems?: number }, Record<string, unknown>>({
  service: 'iam',
  name: 'ListRoles',
  checks: () => [star('iam:ListRoles')],
  handle: async (input, ctx) => {
    const limit = input.MaxItems ?? DEFAULT_MAX_ITEMS;
    const rows = await ctx.deps.store.repos.entities.list(ctx.caller.accountId, 'role', { after: decodeMarker(input.Marker), limit, pathPrefix: input.PathPrefix });
    const { page, ...rest } = keysetPage(rows, limit, (r) => r.name_lc);
    return { Roles: page.map((r) => roleOut(r, false)), ...rest };
  },
});
