import { defineOperation } from '../../operation.js';
import { certCheck, certMetadata, loadCert, requireCert, type CertTarget } from '../serverCertificates.js';
import { parseTags } from '../util.js';

/** iam:GetServerCertificate — the certificate and its chain; never the private key. */
export default defineOperation<{ ServerCertificateName: string }, Record<string, unknown>, CertTarget>({
  service: 'iam',
  name: 'GetServerCertificate',
  prepare: (input, ctx) => loadCert(ctx, input.ServerCertificateName),
  checks: (_input, _ctx, t) => [certCheck(t, 'iam:GetServerCertificate')],
  handle: async (_input, _ctx, t) => {
    const c = requireCert(t);
    const tags = parseTags(c.tags);
    return {
      ServerCertificate: {
        ServerCertificateMetadata: certMetadata(c),
        CertificateBody: c.body,
        ...(c.chain !== null ? { CertificateChain: c.chain } : {}),
        ...(tags.length ? { Tags: tags } : {}),
      },
    };
  },
});
