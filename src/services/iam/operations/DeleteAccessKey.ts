import { accessKeyTopic } from '../../../store/repos/accessKeys.js';
import { defineQueryOperation } from '../../operation.js';
import { keyOwner, ownedKey } from '../keys.js';
import { userTargetCheck } from '../lookups.js';

/** iam:DeleteAccessKey */
export default defineQueryOperation<{ UserName?: string; AccessKeyId: string }, undefined>({
  service: 'iam',
  name: 'DeleteAccessKey',
  authorize: async (input, ctx) => [await userTargetCheck(ctx, 'iam:DeleteAccessKey', input.UserName)],
  handle: async (input, ctx) => {
    const k = await ownedKey(ctx, await keyOwner(ctx, input.UserName), input.AccessKeyId);
    await ctx.deps.store.repos.accessKeys.delete(k.access_key_id);
    await ctx.deps.store.publish(accessKeyTopic(k.access_key_id));
    return undefined;
  },
});
