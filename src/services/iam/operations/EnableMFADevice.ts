import { defineOperation } from '../../operation.js';
import { alreadyExists } from '../errors.js';
import { iamTopic, publish, requireEntity } from '../lookups.js';
import { consecutiveStep, requireDevice } from '../mfaOps.js';
import { entityCheck, loadEntity, type EntityTarget } from '../targets.js';

interface Input {
  UserName: string;
  SerialNumber: string;
  AuthenticationCode1: string;
  AuthenticationCode2: string;
}

/**
 * iam:EnableMFADevice — needs two consecutive valid codes (InvalidAuthenticationCode otherwise). Both steps
 * are then spent: they cannot be presented again to STS.
 */
export default defineOperation<Input, undefined, EntityTarget>({
  service: 'iam',
  name: 'EnableMFADevice',
  prepare: (input, ctx) => loadEntity(ctx, 'user', input.UserName),
  checks: (_input, _ctx, target) => [entityCheck(target, 'iam:EnableMFADevice')],
  handle: async (input, ctx) => {
    const u = await requireEntity(ctx.deps, ctx.caller.accountId, 'user', input.UserName);
    const d = await requireDevice(ctx, input.SerialNumber);
    if (d.user_id !== null) throw alreadyExists('MFA Device is already in use.');
    const s = await consecutiveStep(ctx, d, input.AuthenticationCode1, input.AuthenticationCode2);
    if (!(await ctx.deps.store.repos.mfaDevices.enable(d.serial, u.id, ctx.now, s + 1))) throw alreadyExists('MFA Device is already in use.');
    await publish(ctx.deps, iamTopic(u.account_id));
    return undefined;
  },
});
