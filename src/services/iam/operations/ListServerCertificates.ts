import { defineOperation } from '../../operation.js';
import { star } from '../lookups.js';
import { certMetadata } from '../serverCertificates.js';
import { pageOf } from '../util.js';

/** iam:ListServerCertificates — metadata in name order, under PathPrefix. */
export default defineOperation<{ PathPrefix?: string; Marker?: string; MaxItems?: number }, Record<string, unknown>>({
  service: 'iam',
  name: 'ListServerCertificates',
  checks: () => [star('iam:ListServerCertificates')],
  handle: async (input, ctx) => {
    const rows = await ctx.deps.store.repos.serverCertificates.list(ctx.caller.accountId, input.PathPrefix);
    const { page, ...rest } = pageOf(rows.map(certMetadata), input.Marker, input.MaxItems);
    return { ServerCertificateMetadataList: page, ...rest };
  },
});
