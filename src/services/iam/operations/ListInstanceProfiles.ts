import { defineOperation } from '../../operation.js';
import { profileOut } from '../instanceProfiles.js';
import { star } from '../lookups.js';
import { DEFAULT_MAX_ITEMS, decodeMarker, keysetPage } from '../util.js';

/** iam:ListInstanceProfiles — in name order, keyset-paginated, with each profile's role (no tags, as AWS). */
export default defineOperation<{ PathPrefix?: string; Marker?: string; MaxItems?: number }, Record<string, unknown>>({
  service: 'iam',
  name: 'ListInstanceProfiles',
  checks: () => [star('iam:ListInstanceProfiles')],
  handle: async (input, ctx) => {
    const limit = input.MaxItems ?? DEFAULT_MAX_ITEMS;
    const rows = await ctx.deps.store.repos.instanceProfiles.list(ctx.caller.accountId, { after: decodeMarker(input.Marker), limit, pathPrefix: input.PathPrefix });
    const { page, ...rest } = keysetPage(rows, limit, (r) => r.name_lc);
    return { InstanceProfiles: await Promise.all(page.map((p) => profileOut(ctx, p, false))), ...rest };
  },
});
