import { Credentials } from '../../../auth/credentials.js';
import { newId, newSecretAccessKey } from '../../../core/ids.js';
import { accessKeyTopic } from '../../../store/repos/accessKeys.js';
import { defineOperation } from '../../operation.js';
import { limitExceeded } from '../errors.js';
import { ACCESS_KEYS_PER_USER, keyOwner, keysOf } from '../keys.js';
import { entityCheck, loadUserTarget, type EntityTarget, type RootTarget } from '../targets.js';

const quota = () => limitExceeded(`Cannot exceed quota for AccessKeysPerUser: ${ACCESS_KEYS_PER_USER}`);

/**
 * iam:CreateAccessKey — an AKIA key whose secret is sealed with the key ring and shown only now. Without
 * UserName: the calling user's key, or a root key when the root calls. At most two keys per user: a
 * concurrent third is detected after insert and withdrawn.
 */
export default defineOperation<{ UserName?: string }, Record<string, unknown>, EntityTarget | RootTarget>({
  service: 'iam',
  name: 'CreateAccessKey',
  prepare: (input, ctx) => loadUserTarget(ctx, input.UserName),
  checks: (_input, _ctx, target) => [entityCheck(target, 'iam:CreateAccessKey')],
  handle: async (input, ctx) => {
    const owner = await keyOwner(ctx, input.UserName);
    if ((await keysOf(ctx, owner)).length >= ACCESS_KEYS_PER_USER) throw quota();
    const id = newId('AKIA');
    const secret = newSecretAccessKey();
    await ctx.deps.store.repos.accessKeys.insert({
      access_key_id: id,
      account_id: ctx.caller.accountId,
      principal_type: owner.userId ? 'user' : 'root',
      user_id: owner.userId,
      user_name: owner.userName,
      secret_cipher: ctx.deps.keyring.encrypt(secret, Credentials.secretAad(id)),
      status: 'Active',
      created_at: ctx.now,
      last_used_at: null,
      last_used_service: null,
      last_used_region: null,
    });
    const after = await keysOf(ctx, owner);
    if (after.length > ACCESS_KEYS_PER_USER && after.findIndex((k) => k.access_key_id === id) >= ACCESS_KEYS_PER_USER) {
      await ctx.deps.store.repos.accessKeys.delete(id);
      throw quota();
    }
    await ctx.deps.store.publish(accessKeyTopic(id));
    return {
      AccessKey: {
        ...(owner.userName ? { UserName: owner.userName } : {}),
        AccessKeyId: id,
        Status: 'Active',
        SecretAccessKey: secret,
        CreateDate: ctx.now,
      },
    };
  },
});
