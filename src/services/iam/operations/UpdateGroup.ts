import { iamArn } from '../../../core/arn.js';
import { defineOperation } from '../../operation.js';
import { IamErrors, isUniqueViolation } from '../errors.js';
import { iamTopic, publish, requireEntity } from '../lookups.js';
import { entityCheck, loadEntity, type EntityTarget } from '../targets.js';

interface Input {
  GroupName: string;
  NewPath?: string;
  NewGroupName?: string;
}

/**
 * iam:UpdateGroup — rename and/or move; members and policies follow (they are kept by the group's id). As on
 * AWS, the caller needs iam:UpdateGroup on the group's old and its new ARN.
 */
export default defineOperation<Input, undefined, EntityTarget>({
  service: 'iam',
  name: 'UpdateGroup',
  prepare: (input, ctx) => loadEntity(ctx, 'group', input.GroupName),
  checks: (input, ctx, group) => {
    const checks = [entityCheck(group, 'iam:UpdateGroup')];
    const target = iamArn(ctx.caller.accountId, 'group', input.NewPath ?? group.row?.path ?? '/', input.NewGroupName ?? group.row?.name ?? input.GroupName);
    if (target !== checks[0]!.resource) checks.push({ action: 'iam:UpdateGroup', resource: target });
    return checks;
  },
  handle: async (input, ctx) => {
    const g = await requireEntity(ctx.deps, ctx.caller.accountId, 'group', input.GroupName);
    const patch: { name?: string; name_lc?: string; path?: string } = {};
    if (input.NewGroupName !== undefined) Object.assign(patch, { name: input.NewGroupName, name_lc: input.NewGroupName.toLowerCase() });
    if (input.NewPath !== undefined) patch.path = input.NewPath;
    if (Object.keys(patch).length === 0) return undefined;
    try {
      await ctx.deps.store.repos.entities.update(g.id, patch);
    } catch (e) {
      if (isUniqueViolation(e)) throw IamErrors.exists('group', input.NewGroupName!);
      throw e;
    }
    await publish(ctx.deps, iamTopic(g.account_id));
    return undefined;
  },
});
