import { defineOperation } from '../../operation.js';
import { parseSshPublicKey, sshEncoded } from '../publicKeys.js';
import { entityCheck, loadEntity, type EntityTarget } from '../targets.js';
import { requireCredential, requireOwner } from '../userCredentials.js';

/** iam:GetSSHPublicKey — the key in the encoding asked for: SSH (ssh-rsa) or PEM (SubjectPublicKeyInfo). */
export default defineOperation<{ UserName: string; SSHPublicKeyId: string; Encoding: 'SSH' | 'PEM' }, Record<string, unknown>, EntityTarget>({
  service: 'iam',
  name: 'GetSSHPublicKey',
  prepare: (input, ctx) => loadEntity(ctx, 'user', input.UserName),
  checks: (_input, _ctx, t) => [entityCheck(t, 'iam:GetSSHPublicKey')],
  handle: async (input, ctx, t) => {
    const user = await requireOwner(ctx, t);
    const k = await requireCredential(ctx, user, 'ssh', input.SSHPublicKeyId);
    const body = sshEncoded(parseSshPublicKey(k.body!), input.Encoding);
    return { SSHPublicKey: { UserName: user.name, SSHPublicKeyId: k.id, Fingerprint: k.fingerprint, SSHPublicKeyBody: body, Status: k.status, UploadDate: k.created_at } };
  },
});
