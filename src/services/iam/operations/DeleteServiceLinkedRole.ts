import { randomUUID } from 'node:crypto';
import { defineOperation } from '../../operation.js';
import { invalidInput } from '../errors.js';
import { iamTopic, publish, requireEntity } from '../lookups.js';
import { deletionTaskId, isServiceLinked, SERVICE_ROLE_PATH } from '../serviceLinked.js';
import { entityCheck, loadEntity, type EntityTarget } from '../targets.js';
import { rowArn } from '../util.js';

/**
 * iam:DeleteServiceLinkedRole — Tessera has no resources a service could still use, so the role goes at
 * once; the task is recorded as SUCCEEDED for GetServiceLinkedRoleDeletionStatus.
 */
export default defineOperation<{ RoleName: string }, { DeletionTaskId: string }, EntityTarget>({
  service: 'iam',
  name: 'DeleteServiceLinkedRole',
  prepare: (input, ctx) => loadEntity(ctx, 'role', input.RoleName),
  checks: (_input, _ctx, target) => [entityCheck(target, 'iam:DeleteServiceLinkedRole')],
  handle: async (input, ctx) => {
    const r = await requireEntity(ctx.deps, ctx.caller.accountId, 'role', input.RoleName);
    if (!isServiceLinked(r)) throw invalidInput(`Role ${r.name} is not a service-linked role.`);
    const service = r.path.slice(SERVICE_ROLE_PATH.length).replace(/\/$/, '');
    const id = deletionTaskId(service, r.name, randomUUID());
    await ctx.deps.store.transaction(async (repos) => {
      await repos.entities.delete(r.id);
      await repos.accountOptions.insertDeletionTask({ id, account_id: r.account_id, role_arn: rowArn(r), status: 'SUCCEEDED', created_at: ctx.now });
    });
    await publish(ctx.deps, iamTopic(r.account_id));
    return { DeletionTaskId: id };
  },
});
