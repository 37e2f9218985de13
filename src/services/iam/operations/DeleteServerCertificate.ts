import { defineOperation } from '../../operation.js';
import { certCheck, loadCert, requireCert, type CertTarget } from '../serverCertificates.js';

/** iam:DeleteServerCertificate — the certificate and its sealed key go. */
export default defineOperation<{ ServerCertificateName: string }, undefined, CertTarget>({
  service: 'iam',
  name: 'DeleteServerCertificate',
  prepare: (input, ctx) => loadCert(ctx, input.ServerCertificateName),
  checks: (_input, _ctx, t) => [certCheck(t, 'iam:DeleteServerCertificate')],
  handle: async (_input, ctx, t) => {
    await ctx.deps.store.repos.serverCertificates.delete(requireCert(t).id);
    return undefined;
  },
});
