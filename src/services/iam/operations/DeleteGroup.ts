import { deleteEntity } from '../../../store/repos/iamEntities.js';
import { defineQueryOperation } from '../../operation.js';
import { deleteConflict } from '../errors.js';
import { entityCheck, iamTopic, publish, requireEntity } from '../lookups.js';

/** iam:DeleteGroup — refused while it has users, inline or attached policies. */
export default defineQueryOperation<{ GroupName: string }, undefined>({
  service: 'iam',
  name: 'DeleteGroup',
  authorize: async (input, ctx) => [await entityCheck(ctx, 'iam:DeleteGroup', 'group', input.GroupName)],
  handle: async (input, ctx) => {
    const db = ctx.deps.store.db;
    const g = await requireEntity(ctx.deps, ctx.caller.accountId, 'group', input.GroupName);
    if (await db.selectFrom('iam_group_members').select('user_id').where('group_id', '=', g.id).executeTakeFirst())
      throw deleteConflict('Cannot delete entity, must remove users from group first.');
    if (await db.selectFrom('iam_inline_policies').select('name').where('entity_id', '=', g.id).executeTakeFirst())
      throw deleteConflict('Cannot delete entity, must delete policies first.');
    if (await db.selectFrom('iam_attachments').select('policy_arn').where('entity_id', '=', g.id).executeTakeFirst())
      throw deleteConflict('Cannot delete entity, must detach all policies first.');
    await deleteEntity(db, g.id);
    await publish(ctx.deps, iamTopic(g.account_id));
    return undefined;
  },
});
