import { defineOperation } from '../../operation.js';
import { invalidInput, noSuchEntity } from '../errors.js';
import { parseDeletionTaskId, servicePath } from '../serviceLinked.js';
import { entityArn } from '../util.js';

/** iam:GetServiceLinkedRoleDeletionStatus — the status of a DeleteServiceLinkedRole task of the account. */
export default defineOperation<{ DeletionTaskId: string }, { Status: string }>({
  service: 'iam',
  name: 'GetServiceLinkedRoleDeletionStatus',
  checks: (input, { caller }) => {
    const t = parseDeletionTaskId(input.DeletionTaskId);
    const resource = t ? entityArn(caller.accountId, 'role', servicePath(t.service), t.roleName) : '*';
    return [{ action: 'iam:GetServiceLinkedRoleDeletionStatus', resource }];
  },
  handle: async (input, ctx) => {
    if (!parseDeletionTaskId(input.DeletionTaskId)) throw invalidInput(`Invalid deletion task id: ${input.DeletionTaskId}`);
    const task = await ctx.deps.store.repos.accountOptions.getDeletionTask(ctx.caller.accountId, input.DeletionTaskId);
    if (!task) throw noSuchEntity(`Deletion task ${input.DeletionTaskId} cannot be found.`);
    return { Status: task.status };
  },
});
