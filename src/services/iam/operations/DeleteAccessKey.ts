import { accessKeyTopic } from '../../../store/repos/accessKeys.js';
import { defineOperation } from '../../operation.js';
import { keyOwner, ownedKey } from '../keys.js';
import { entityCheck, loadUserTarget, type EntityTarget, type RootTarget } from '../targets.js';

/** iam:DeleteAccessKey */
export default defineOperation<{ UserName?: string; AccessKeyId: string }, undefined, EntityTarget | RootTarget>({
  service: 'iam',
  name: 'DeleteAccessKey',
  prepare: (input, ctx) => loadUserTarget(ctx, input.UserName),
  checks: (_input, _ctx, target) => [entityCheck(target, 'iam:DeleteAccessKey')],
  handle: async (input, ctx) => {
    const k = await ownedKey(ctx, await keyOwner(ctx, input.UserName), input.AccessKeyId);
    await ctx.deps.store.repos.accessKeys.delete(k.access_key_id);
    await ctx.deps.store.publish(accessKeyTopic(k.access_key_id));
    return undefined;
  },
});
