import { newId } from '../../../core/ids.js';
import { insertEntity } from '../../../store/repos/iamEntities.js';
import { defineQueryOperation } from '../../operation.js';
import { IamErrors, isUniqueViolation } from '../errors.js';
import { groupOut } from '../model.js';
import { entityArn } from '../util.js';

/** iam:CreateGroup */
export default defineQueryOperation<{ Path?: string; GroupName: string }, Record<string, unknown>>({
  service: 'iam',
  name: 'CreateGroup',
  authorize: (input, { caller }) => [{ action: 'iam:CreateGroup', resource: entityArn(caller.accountId, 'group', input.Path ?? '/', input.GroupName) }],
  handle: async (input, ctx) => {
    const row = {
      id: newId('AGPA'),
      account_id: ctx.caller.accountId,
      kind: 'group' as const,
      name: input.GroupName,
      name_lc: input.GroupName.toLowerCase(),
      path: input.Path ?? '/',
      created_at: ctx.now,
      description: null,
      trust_policy: null,
      max_session_duration: null,
      boundary_arn: null,
      tags: '[]',
      password_last_used: null,
      last_used_at: null,
      last_used_region: null,
    };
    try {
      await insertEntity(ctx.deps.store.db, row);
    } catch (e) {
      if (isUniqueViolation(e)) throw IamErrors.exists('group', input.GroupName);
      throw e;
    }
    return { Group: groupOut(row) };
  },
});
