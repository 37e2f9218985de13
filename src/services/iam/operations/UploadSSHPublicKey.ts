import { ServiceError } from '../../../core/errors.js';
import { newId } from '../../../core/ids.js';
import { defineOperation } from '../../operation.js';
import { parseSshPublicKey, sshFingerprint } from '../publicKeys.js';
import { entityCheck, loadEntity, type EntityTarget } from '../targets.js';
import { credentialRow, quotaExceeded, requireOwner } from '../userCredentials.js';

/** iam:UploadSSHPublicKey — an RSA key (ssh-rsa or PEM, at least 2048 bits); five per user; no duplicates. */
export default defineOperation<{ UserName: string; SSHPublicKeyBody: string }, Record<string, unknown>, EntityTarget>({
  service: 'iam',
  name: 'UploadSSHPublicKey',
  prepare: (input, ctx) => loadEntity(ctx, 'user', input.UserName),
  checks: (_input, _ctx, t) => [entityCheck(t, 'iam:UploadSSHPublicKey')],
  handle: async (input, ctx, t) => {
    const user = await requireOwner(ctx, t);
    const key = parseSshPublicKey(input.SSHPublicKeyBody);
    const fingerprint = sshFingerprint(key);
    const repo = ctx.deps.store.repos.userCredentials;
    const existing = await repo.ofUser(user.id, 'ssh');
    if (existing.some((k) => k.fingerprint === fingerprint))
      throw new ServiceError('DuplicateSSHPublicKey', 'The SSH public key is already associated with the specified IAM user.', 400);
    if (existing.length >= 5) throw quotaExceeded('ssh');
    const row = credentialRow(ctx, user, 'ssh', newId('APKA', 16), { body: input.SSHPublicKeyBody.trim(), fingerprint });
    await repo.insert(row);
    return {
      SSHPublicKey: { UserName: user.name, SSHPublicKeyId: row.id, Fingerprint: fingerprint, SSHPublicKeyBody: row.body, Status: row.status, UploadDate: row.created_at },
    };
  },
});
