import { defineOperation } from '../../operation.js';
import { entityCheck } from '../targets.js';
import { loadServiceCredential, noSuchCredential, requireOwner, serviceNameKey, type ServiceCredentialTarget } from '../userCredentials.js';

/** iam:UpdateServiceSpecificCredential — Active or Inactive. */
export default defineOperation<{ UserName?: string; ServiceSpecificCredentialId: string; Status: 'Active' | 'Inactive' }, undefined, ServiceCredentialTarget>({
  service: 'iam',
  name: 'UpdateServiceSpecificCredential',
  prepare: (input, ctx) => loadServiceCredential(ctx, input.UserName, input.ServiceSpecificCredentialId),
  checks: (_input, _ctx, t) => [entityCheck(t.user, 'iam:UpdateServiceSpecificCredential', serviceNameKey(t))],
  handle: async (input, ctx, t) => {
    await requireOwner(ctx, t.user);
    if (!t.credential) throw noSuchCredential('service', input.ServiceSpecificCredentialId);
    await ctx.deps.store.repos.userCredentials.update(t.credential.id, { status: input.Status });
    return undefined;
  },
});
