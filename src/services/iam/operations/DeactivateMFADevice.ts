import { defineOperation } from '../../operation.js';
import { iamTopic, publish, requireEntity, userTarget } from '../lookups.js';
import { notOnUser, requireDevice } from '../mfaOps.js';
import { entityCheck, loadUserTarget, type EntityTarget, type RootTarget } from '../targets.js';

/** iam:DeactivateMFADevice — detaches the device from the user (it can then be deleted). */
export default defineOperation<{ UserName?: string; SerialNumber: string }, undefined, EntityTarget | RootTarget>({
  service: 'iam',
  name: 'DeactivateMFADevice',
  prepare: (input, ctx) => loadUserTarget(ctx, input.UserName),
  checks: (_input, _ctx, target) => [entityCheck(target, 'iam:DeactivateMFADevice')],
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
