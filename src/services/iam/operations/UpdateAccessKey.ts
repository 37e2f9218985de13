import { accessKeyTopic } from '../../../store/repos/accessKeys.js';
import { defineOperation } from '../../operation.js';
import { keyOwner, ownedKey } from '../keys.js';
import { entityCheck, loadUserTarget, type EntityTarget, type RootTarget } from '../targets.js';

/** iam:UpdateAccessKey — Active/Inactive; the credential cache drops the key at once (an inactive key is refused). */
export default defineOperation<{ UserName?: string; AccessKeyId: string; Status: 'Active' | 'Inactive' }, undefined, EntityTarget | RootTarget>({
  service: 'iam',
  name: 'UpdateAccessKey',
  prepare: (input, ctx) => loadUserTarget(ctx, input.UserName),
  checks: (_input, _ctx, target) => [entityCheck(target, 'iam:UpdateAccessKey')],
  handle: async (input, ctx) => {
    const k = await ownedKey(ctx, await keyOwner(ctx, input.UserName), input.AccessKeyId);
    await ctx.deps.store.repos.accessKeys.setStatus(k.access_key_id, input.Status);
    await ctx.deps.store.publish(accessKeyTopic(k.access_key_id));
    return undefined;
  },
});
