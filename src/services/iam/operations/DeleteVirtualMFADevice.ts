import { defineOperation } from '../../operation.js';
import { deleteConflict } from '../errors.js';
import { requireDevice } from '../mfaOps.js';
import { loadMfaTags } from '../taggables.js';
import type { TagTarget } from '../tagging.js';
import { taggedCheck } from '../targets.js';

/** iam:DeleteVirtualMFADevice — refused while the device is assigned to a user. */
export default defineOperation<{ SerialNumber: string }, undefined, TagTarget>({
  service: 'iam',
  name: 'DeleteVirtualMFADevice',
  prepare: (input, ctx) => loadMfaTags(ctx, input.SerialNumber),
  checks: (_input, _ctx, target) => [taggedCheck('iam:DeleteVirtualMFADevice', target.arn, target.tags)],
  handle: async (input, ctx) => {
    const d = await requireDevice(ctx, input.SerialNumber);
    if (d.user_id !== null) throw deleteConflict('MFA VirtualDevice in use. Must deactivate first.');
    await ctx.deps.store.repos.mfaDevices.deleteUnassigned(d.serial);
    return undefined;
  },
});
