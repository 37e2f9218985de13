import { defineOperation } from '../../operation.js';
import { keyMetadata, keyOwner, keysOf } from '../keys.js';
import { pageOf } from '../util.js';
import { entityCheck, loadUserTarget, type EntityTarget, type RootTarget } from '../targets.js';

/** iam:ListAccessKeys — the user's (or, for the root without UserName, the root's) keys; never secrets. */
export default defineOperation<{ UserName?: string; Marker?: string; MaxItems?: number }, Record<string, unknown>, EntityTarget | RootTarget>({
  service: 'iam',
  name: 'ListAccessKeys',
  prepare: (input, ctx) => loadUserTarget(ctx, input.UserName),
  checks: (_input, _ctx, target) => [entityCheck(target, 'iam:ListAccessKeys')],
  handle: async (input, ctx) => {
    const keys = await keysOf(ctx, await keyOwner(ctx, input.UserName));
    const { page, ...rest } = pageOf(keys.map(keyMetadata), input.Marker, input.MaxItems);
    return { AccessKeyMetadata: page, ...rest };
  },
});
