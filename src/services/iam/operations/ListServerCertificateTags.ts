import { defineOperation } from '../../operation.js';
import { certCheck, loadCert, requireCert, type CertTarget } from '../serverCertificates.js';
import { pageOf, parseTags } from '../util.js';

/** iam:ListServerCertificateTags */
export default defineOperation<{ ServerCertificateName: string; Marker?: string; MaxItems?: number }, Record<string, unknown>, CertTarget>({
  service: 'iam',
  name: 'ListServerCertificateTags',
  prepare: (input, ctx) => loadCert(ctx, input.ServerCertificateName),
  checks: (_input, _ctx, t) => [certCheck(t, 'iam:ListServerCertificateTags')],
  handle: async (input, _ctx, t) => {
    const { page, ...rest } = pageOf(parseTags(requireCert(t).tags), input.Marker, input.MaxItems);
    return { Tags: page, ...rest };
  },
});
