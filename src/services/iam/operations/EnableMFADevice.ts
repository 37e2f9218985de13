import { defineQueryOperation } from '../../operation.js';
import { alreadyExists } from '../errors.js';
import { entityCheck, iamTopic, publish, requireEntity } from '../lookups.js';
import { consecutiveStep, requireDevice } from '../mfaOps.js';

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
export default defineQueryOperation<Input, undefined>({
  service: 'iam',
  name: 'EnableMFADevice',
  authorize: async (input, ctx) => [await entityCheck(ctx, 'iam:EnableMFADevice', 'user', input.UserName)],
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
