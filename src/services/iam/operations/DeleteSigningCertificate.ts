import { defineOperation } from '../../operation.js';
import { entityCheck, type EntityTarget } from '../targets.js';
import { loadCredentialOwner, requireCredential, requireOwner } from '../userCredentials.js';

/** iam:DeleteSigningCertificate */
export default defineOperation<{ UserName?: string; CertificateId: string }, undefined, EntityTarget>({
  service: 'iam',
  name: 'DeleteSigningCertificate',
  prepare: (input, ctx) => loadCredentialOwner(ctx, input.UserName),
  checks: (_input, _ctx, t) => [entityCheck(t, 'iam:DeleteSigningCertificate')],
  handle: async (input, ctx, t) => {
    const c = await requireCredential(ctx, await requireOwner(ctx, t), 'signing', input.CertificateId);
    await ctx.deps.store.repos.userCredentials.delete(c.id);
    return undefined;
  },
});
