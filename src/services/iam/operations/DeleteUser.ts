import { defineOperation } from '../../operation.js';
import { deleteConflict } from '../errors.js';
import { iamTopic, publish, requireEntity } from '../lookups.js';
import { entityCheck, loadEntity, type EntityTarget } from '../targets.js';

/**
 * iam:DeleteUser — refused (DeleteConflict) while the user has a login profile, access keys, signing
 * certificates, SSH public keys, service-specific credentials, MFA devices,
 * inline or attached policies, or group memberships, as on AWS.
 */
export default defineOperation<{ UserName: string }, undefined, EntityTarget>({
  service: 'iam',
  name: 'DeleteUser',
  prepare: (input, ctx) => loadEntity(ctx, 'user', input.UserName),
  checks: (_input, _ctx, target) => [entityCheck(target, 'iam:DeleteUser')],
  handle: async (input, ctx) => {
    const repos = ctx.deps.store.repos;
    const u = await requireEntity(ctx.deps, ctx.caller.accountId, 'user', input.UserName);
    if (await repos.loginProfiles.get(u.id))
      throw deleteConflict('Cannot delete entity, must delete login profile first.');
    if (await repos.accessKeys.hasUserKeys(u.id))
      throw deleteConflict('Cannot delete entity, must delete access keys first.');
    if (await repos.userCredentials.hasAny(u.id, 'signing'))
      throw deleteConflict('Cannot delete entity, must delete signing certificates first.');
    if (await repos.userCredentials.hasAny(u.id, 'ssh'))
      throw deleteConflict('Cannot delete entity, must delete SSH public keys first.');
    if (await repos.userCredentials.hasAny(u.id, 'service'))
      throw deleteConflict('Cannot delete entity, must delete service specific credentials first.');
    if (await repos.mfaDevices.hasDeviceOf(u.id))
      throw deleteConflict('Cannot delete entity, must delete MFA device first.');
    if (await repos.entities.hasInlinePolicies(u.id))
      throw deleteConflict('Cannot delete entity, must delete policies first.');
    if (await repos.entities.hasAttachedPolicies(u.id))
      throw deleteConflict('Cannot delete entity, must detach all policies first.');
    if (await repos.entities.hasGroups(u.id))
      throw deleteConflict('Cannot delete entity, must remove users from group first.');
    await repos.entities.delete(u.id);
    // No `user:ID` here: a deletable user has no access keys left, so no cached credential can name it (and
    // that topic empties the whole credential cache).
    await publish(ctx.deps, iamTopic(u.account_id));
    return undefined;
  },
});
