import { defineQueryOperation } from '../../operation.js';
import { keyMetadata, keyOwner, keysOf } from '../keys.js';
import { userTargetCheck } from '../lookups.js';
import { pageOf } from '../util.js';

/** iam:ListAccessKeys — the user's (or, for the root without UserName, the root's) keys; never secrets. */
export default defineQueryOperation<{ UserName?: string; Marker?: string; MaxItems?: number }, Record<string, unknown>>({
  service: 'iam',
  name: 'ListAccessKeys',
  authorize: async (input, ctx) => [await userTargetCheck(ctx, 'iam:ListAccessKeys', input.UserName)],
  handle: async (input, ctx) => {
    const keys = await keysOf(ctx, await keyOwner(ctx, input.UserName));
    const { page, ...rest } = pageOf(keys.map(keyMetadata), input.Marker, input.MaxItems);
    return { AccessKeyMetadata: page, ...rest };
  },
});
