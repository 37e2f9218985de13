import { defineOperation } from '../../operation.js';
import { isUniqueViolation } from '../errors.js';
import { certArn, CertErrors, certCheck, loadCert, requireCert, type CertTarget } from '../serverCertificates.js';

interface Input {
  ServerCertificateName: string;
  NewPath?: string;
  NewServerCertificateName?: string;
}

/** iam:UpdateServerCertificate — rename and/or move; as on AWS, allowed on both the old and the new ARN. */
export default defineOperation<Input, undefined, CertTarget>({
  service: 'iam',
  name: 'UpdateServerCertificate',
  prepare: (input, ctx) => loadCert(ctx, input.ServerCertificateName),
  checks: (input, { caller }, t) => {
    const checks = [certCheck(t, 'iam:UpdateServerCertificate')];
    const target = certArn(caller.accountId, input.NewPath ?? t.row?.path ?? '/', input.NewServerCertificateName ?? t.row?.name ?? t.name);
    if (target !== checks[0]!.resource) checks.push({ action: 'iam:UpdateServerCertificate', resource: target });
    return checks;
  },
  handle: async (input, ctx, t) => {
    const c = requireCert(t);
    const patch: { name?: string; name_lc?: string; path?: string } = {};
    if (input.NewServerCertificateName !== undefined)
      Object.assign(patch, { name: input.NewServerCertificateName, name_lc: input.NewServerCertificateName.toLowerCase() });
    if (input.NewPath !== undefined) patch.path = input.NewPath;
    if (Object.keys(patch).length === 0) return undefined;
    try {
      await ctx.deps.store.repos.serverCertificates.update(c.id, patch);
    } catch (e) {
      if (isUniqueViolation(e)) throw CertErrors.exists(input.NewServerCertificateName!);
      throw e;
    }
    return undefined;
  },
});
