import { deleteEntity } from '../../../store/repos/iamEntities.js';
import { defineOperation } from '../../operation.js';
import { deleteConflict } from '../errors.js';
import { iamTopic, publish, requireEntity } from '../lookups.js';
import { entityCheck, loadEntity, type EntityTarget } from '../targets.js';

/**
 * iam:DeleteUser — refused (DeleteConflict) while the user has a login profile, access keys, MFA devices,
 * inline or attached policies, or group memberships, as on AWS.
 */
export default defineOperation<{ UserName: string }, undefined, EntityTarget>({
  service: 'iam',
  name: 'DeleteUser',
  prepare: (input, ctx) => loadEntity(ctx, 'user', input.UserName),
  checks: (_input, _ctx, target) => [entityCheck(target, 'iam:DeleteUser')],
  handle: async (input, ctx) => {
    const db = ctx.deps.store.db;
    const u = await requireEntity(ctx.deps, ctx.caller.accountId, 'user', input.UserName);
    const one = async (q: Promise<unknown>) => (await q) !== undefined;
    if (await one(db.selectFrom('iam_login_profiles').select('user_id').where('user_id', '=', u.id).executeTakeFirst()))
      throw deleteConflict('Cannot delete entity, must delete login profile first.');
    if (await one(db.selectFrom('access_keys').select('access_key_id').where('user_id', '=', u.id).executeTakeFirst()))
      throw deleteConflict('Cannot delete entity, must delete access keys first.');
    if (await one(db.selectFrom('iam_mfa_devices').select('serial').where('user_id', '=', u.id).executeTakeFirst()))
      throw deleteConflict('Cannot delete entity, must delete MFA device first.');
    if (await one(db.selectFrom('iam_inline_policies').select('name').where('entity_id', '=', u.id).executeTakeFirst()))
      throw deleteConflict('Cannot delete entity, must delete policies first.');
    if (await one(db.selectFrom('iam_attachments').select('policy_arn').where('entity_id', '=', u.id).executeTakeFirst()))
      throw deleteConflict('Cannot delete entity, must detach all policies first.');
    if (await one(db.selectFrom('iam_group_members').select('group_id').where('user_id', '=', u.id).executeTakeFirst()))
      throw deleteConflict('Cannot delete entity, must remove users from group first.');
    await deleteEntity(db, u.id);
    // No `user:ID` here: a deletable user has no access keys left, so no cached credential can name it (and
    // that topic empties the whole credential cache).
    await publish(ctx.deps, iamTopic(u.account_id));
    return undefined;
  },
});
