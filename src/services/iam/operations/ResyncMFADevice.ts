import { defineOperation } from '../../operation.js';
import { claimStep } from '../mfa.js';
import { requireEntity } from '../lookups.js';
import { consecutiveStep, invalidAuthCode, notOnUser, requireDevice } from '../mfaOps.js';
import { entityCheck, loadEntity, type EntityTarget } from '../targets.js';

/**
 * iam:ResyncMFADevice — two consecutive codes within ten steps of now. Tessera accepts codes one step either
 * side of the current one and keeps no per-device drift, so resync only verifies and spends the codes.
 */
export default defineOperation<{ UserName: string; SerialNumber: string; AuthenticationCode1: string; AuthenticationCode2: string }, undefined, EntityTarget>({
  service: 'iam',
  name: 'ResyncMFADevice',
  prepare: (input, ctx) => loadEntity(ctx, 'user', input.UserName),
  checks: (_input, _ctx, target) => [entityCheck(target, 'iam:ResyncMFADevice')],
  handle: async (input, ctx) => {
    const u = await requireEntity(ctx.deps, ctx.caller.accountId, 'user', input.UserName);
    const d = await requireDevice(ctx, input.SerialNumber);
    if (d.user_id !== u.id) throw notOnUser(input.SerialNumber);
    const s = await consecutiveStep(ctx, d, input.AuthenticationCode1, input.AuthenticationCode2, 10);
    if (!(await claimStep(ctx.deps, d.serial, s + 1))) throw invalidAuthCode();
    return undefined;
  },
});
