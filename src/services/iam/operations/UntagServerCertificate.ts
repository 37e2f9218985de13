import { defineOperation } from '../../operation.js';
import { certCheck, loadCert, requireCert, type CertTarget } from '../serverCertificates.js';
import { parseTags } from '../util.js';

/** iam:UntagServerCertificate — keys that are absent are ignored. */
export default defineOperation<{ ServerCertificateName: string; TagKeys: string[] }, undefined, CertTarget>({
  service: 'iam',
  name: 'UntagServerCertificate',
  prepare: (input, ctx) => loadCert(ctx, input.ServerCertificateName),
  checks: (input, _ctx, t) => [certCheck(t, 'iam:UntagServerCertificate', { 'aws:TagKeys': input.TagKeys })],
  handle: async (input, ctx, t) => {
    const c = requireCert(t);
    const drop = new Set(input.TagKeys);
    await ctx.deps.store.repos.serverCertificates.update(c.id, { tags: JSON.stringify(parseTags(c.tags).filter((x) => !drop.has(x.Key))) });
    return undefined;
  },
});
