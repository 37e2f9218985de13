import { defineOperation } from '../../operation.js';
import { entityCheck, loadEntity, type EntityTarget } from '../targets.js';
import { requireCredential, requireOwner } from '../userCredentials.js';

/** iam:UpdateSSHPublicKey — Active or Inactive. */
export default defineOperation<{ UserName: string; SSHPublicKeyId: string; Status: 'Active' | 'Inactive' }, undefined, EntityTarget>({
  service: 'iam',
  name: 'UpdateSSHPublicKey',
  prepare: (input, ctx) => loadEntity(ctx, 'user', input.UserName),
  checks: (_input, _ctx, t) => [entityCheck(t, 'iam:UpdateSSHPublicKey')],
  handle: async (input, ctx, t) => {
    const k = await requireCredential(ctx, await requireOwner(ctx, t), 'ssh', input.SSHPublicKeyId);
    await ctx.deps.store.repos.userCredentials.update(k.id, { status: input.Status });
    return undefined;
  },
});
