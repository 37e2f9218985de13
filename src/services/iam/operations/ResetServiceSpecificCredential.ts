import { defineOperation } from '../../operation.js';
import { entityCheck } from '../targets.js';
import {
  loadServiceCredential,
  newServicePassword,
  noSuchCredential,
  requireOwner,
  serviceCredentialOut,
  serviceNameKey,
  type ServiceCredentialTarget,
} from '../userCredentials.js';

/** iam:ResetServiceSpecificCredential — a new password, shown in this answer only; the old one stops working. */
export default defineOperation<{ UserName?: string; ServiceSpecificCredentialId: string }, Record<string, unknown>, ServiceCredentialTarget>({
  service: 'iam',
  name: 'ResetServiceSpecificCredential',
  prepare: (input, ctx) => loadServiceCredential(ctx, input.UserName, input.ServiceSpecificCredentialId),
  checks: (_input, _ctx, t) => [entityCheck(t.user, 'iam:ResetServiceSpecificCredential', serviceNameKey(t))],
  handle: async (input, ctx, t) => {
    const user = await requireOwner(ctx, t.user);
    const c = t.credential;
    if (!c) throw noSuchCredential('service', input.ServiceSpecificCredentialId);
    const { password, sealed } = await newServicePassword(ctx, c.id);
    await ctx.deps.store.repos.userCredentials.update(c.id, { secret_cipher: sealed });
    return { ServiceSpecificCredential: serviceCredentialOut(user, c, password) };
  },
});
