import { defineOperation } from '../../operation.js';
import { entityCheck, loadEntity, type EntityTarget } from '../targets.js';
import { requireCredential, requireOwner } from '../userCredentials.js';

/** iam:DeleteSSHPublicKey */
export default defineOperation<{ UserName: string; SSHPublicKeyId: string }, undefined, EntityTarget>({
  service: 'iam',
  name: 'DeleteSSHPublicKey',
  prepare: (input, ctx) => loadEntity(ctx, 'user', input.UserName),
  checks: (_input, _ctx, t) => [entityCheck(t, 'iam:DeleteSSHPublicKey')],
  handle: async (input, ctx, t) => {
    const k = await requireCredential(ctx, await requireOwner(ctx, t), 'ssh', input.SSHPublicKeyId);
    await ctx.deps.store.repos.userCredentials.delete(k.id);
    return undefined;
  },
});
