import { accessKeyTopic } from '../../../store/repos/accessKeys.js';
import { defineQueryOperation } from '../../operation.js';
import { keyOwner, ownedKey } from '../keys.js';
import { userTargetCheck } from '../lookups.js';

/** iam:UpdateAccessKey — Active/Inactive; the credential cache drops the key at once (an inactive key is refused). */
export default defineQueryOperation<{ UserName?: string; AccessKeyId: string; Status: 'Active' | 'Inactive' }, undefined>({
  service: 'iam',
  name: 'UpdateAccessKey',
  authorize: async (input, ctx) => [await userTargetCheck(ctx, 'iam:UpdateAccessKey', input.UserName)],
  handle: async (input, ctx) => {
    const k = await ownedKey(ctx, await keyOwner(ctx, input.UserName), input.AccessKeyId);
    await ctx.deps.store.repos.accessKeys.setStatus(k.access_key_id, input.Status);
    await ctx.deps.store.publish(accessKeyTopic(k.access_key_id));
    return undefined;
  },
});
