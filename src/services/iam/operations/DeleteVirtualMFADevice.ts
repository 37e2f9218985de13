import { defineOperation } from '../../operation.js';
import { deleteConflict } from '../errors.js';
import { requireDevice } from '../mfaOps.js';

/** iam:DeleteVirtualMFADevice — refused while the device is assigned to a user. */
export default defineOperation<{ SerialNumber: string }, undefined>({
  service: 'iam',
  name: 'DeleteVirtualMFADevice',
  checks: (input) => [{ action: 'iam:DeleteVirtualMFADevice', resource: input.SerialNumber }],
  handle: async (input, ctx) => {
    const d = await requireDevice(ctx, input.SerialNumber);
    if (d.user_id !== null) throw deleteConflict('MFA VirtualDevice in use. Must deactivate first.');
    await ctx.deps.store.repos.mfaDevices.deleteUnassigned(d.serial);
    return undefined;
  },
});
