import { defineOperation } from '../../operation.js';
import { entityCheck, type EntityTarget } from '../targets.js';
import { loadCredentialOwner, requireOwner } from '../userCredentials.js';
import { pageOf } from '../util.js';

/** iam:ListSSHPublicKeys — the user's keys (the caller's when UserName is absent), oldest first. */
export default defineOperation<{ UserName?: string; Marker?: string; MaxItems?: number }, Record<string, unknown>, EntityTarget>({
  service: 'iam',
  name: 'ListSSHPublicKeys',
  prepare: (input, ctx) => loadCredentialOwner(ctx, input.UserName),
  checks: (_input, _ctx, t) => [entityCheck(t, 'iam:ListSSHPublicKeys')],
  handle: async (input, ctx, t) => {
    const user = await requireOwner(ctx, t);
    const rows = await ctx.deps.store.repos.userCredentials.ofUser(user.id, 'ssh');
    const { page, ...rest } = pageOf(rows, input.Marker, input.MaxItems);
    return { SSHPublicKeys: page.map((k) => ({ UserName: user.name, SSHPublicKeyId: k.id, Status: k.status, UploadDate: k.created_at })), ...rest };
  },
});
