import { defineOperation } from '../../operation.js';
import { entityCheck, type EntityTarget } from '../targets.js';
import { loadCredentialOwner, requireCredential, requireOwner } from '../userCredentials.js';

/** iam:UpdateSigningCertificate — Active or Inactive. */
export default defineOperation<{ UserName?: string; CertificateId: string; Status: 'Active' | 'Inactive' }, undefined, EntityTarget>({
  service: 'iam',
  name: 'UpdateSigningCertificate',
  prepare: (input, ctx) => loadCredentialOwner(ctx, input.UserName),
  checks: (_input, _ctx, t) => [entityCheck(t, 'iam:UpdateSigningCertificate')],
  handle: async (input, ctx, t) => {
    const c = await requireCredential(ctx, await requireOwner(ctx, t), 'signing', input.CertificateId);
    await ctx.deps.store.repos.userCredentials.update(c.id, { status: input.Status });
    return undefined;
  },
});
