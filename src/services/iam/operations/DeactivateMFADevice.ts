import { defineQueryOperation } from '../../operation.js';
import { iamTopic, publish, requireEntity, userTarget, userTargetCheck } from '../lookups.js';
import { notOnUser, requireDevice } from '../mfaOps.js';

/** iam:DeactivateMFADevice — detaches the device from the user (it can then be deleted). */
export default defineQueryOperation<{ UserName?: string; SerialNumber: string }, undefined>({
  service: 'iam',
  name: 'DeactivateMFADevice',
  authorize: async (input, ctx) => [await userTargetCheck(ctx, 'iam:DeactivateMFADevice', input.UserName)],
  handle: async (input, ctx) => {
    const t = userTarget(input.UserName, ctx.caller);
    const ownerId = t.kind === 'root' ? ctx.caller.accountId : (await requireEntity(ctx.deps, ctx.caller.accountId, 'user', t.name)).id;
    const d = await requireDevice(ctx, input.SerialNumber).catch(() => {
      throw notOnUser(input.SerialNumber);
    });
    if (d.user_id !== ownerId) throw notOnUser(input.SerialNumber);
    await ctx.deps.store.repos.mfaDevices.deactivate(d.serial);
    await publish(ctx.deps, iamTopic(ctx.caller.accountId));
    return undefined;
  },
});
