import { defineOperation } from '../../operation.js';
import { certCheck, loadCert, requireCert, type CertTarget } from '../serverCertificates.js';
import { checkNewTags, mergeTags, parseTags, tagContext, type Tag } from '../util.js';

/** iam:TagServerCertificate — adds or replaces tags by key (at most 50). */
export default defineOperation<{ ServerCertificateName: string; Tags: Tag[] }, undefined, CertTarget>({
  service: 'iam',
  name: 'TagServerCertificate',
  prepare: (input, ctx) => loadCert(ctx, input.ServerCertificateName),
  checks: (input, _ctx, t) => [certCheck(t, 'iam:TagServerCertificate', tagContext(input.Tags))],
  handle: async (input, ctx, t) => {
    const c = requireCert(t);
    await ctx.deps.store.repos.serverCertificates.update(c.id, { tags: JSON.stringify(mergeTags(parseTags(c.tags), checkNewTags(input.Tags))) });
    return undefined;
  },
});
