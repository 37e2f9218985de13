import { defineOperation } from '../../operation.js';
import { entityCheck } from '../targets.js';
import { loadServiceCredential, noSuchCredential, requireOwner, serviceNameKey, type ServiceCredentialTarget } from '../userCredentials.js';

/** iam:DeleteServiceSpecificCredential */
export default defineOperation<{ UserName?: string; ServiceSpecificCredentialId: string }, undefined, ServiceCredentialTarget>({
  service: 'iam',
  name: 'DeleteServiceSpecificCredential',
  prepare: (input, ctx) => loadServiceCredential(ctx, input.UserName, input.ServiceSpecificCredentialId),
  checks: (_input, _ctx, t) => [entityCheck(t.user, 'iam:DeleteServiceSpecificCredential', serviceNameKey(t))],
  handle: async (input, ctx, t) => {
    await requireOwner(ctx, t.user);
    if (!t.credential) throw noSuchCredential('service', input.ServiceSpecificCredentialId);
    await ctx.deps.store.repos.userCredentials.delete(t.credential.id);
    return undefined;
  },
});
