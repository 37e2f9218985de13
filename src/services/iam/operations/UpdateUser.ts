import { iamArn } from '../../../core/arn.js';
import { defineOperation } from '../../operation.js';
import { IamErrors, isUniqueViolation } from '../errors.js';
import { iamTopic, publish, requireEntity, userTopic } from '../lookups.js';
import { entityCheck, loadEntity, type EntityTarget } from '../targets.js';

interface Input {
  UserName: string;
  NewPath?: string;
  NewUserName?: string;
}

/** iam:UpdateUser — rename and/or move; the user's keys follow (their cached callers are dropped). */
export default defineOperation<Input, undefined, EntityTarget>({
  service: 'iam',
  name: 'UpdateUser',
  prepare: (input, ctx) => loadEntity(ctx, 'user', input.UserName),
  checks: (input, ctx, user) => {
    const checks = [entityCheck(user, 'iam:UpdateUser')];
    if (input.NewUserName || input.NewPath) {
      const cur = checks[0]!.resource;
      const path = input.NewPath ?? (cur.split(':user')[1]!.replace(/[^/]*$/, '') || '/');
      const target = iamArn(ctx.caller.accountId, 'user', path, input.NewUserName ?? input.UserName);
      if (target !== cur) checks.push({ action: 'iam:UpdateUser', resource: target });
    }
    return checks;
  },
  handle: async (input, ctx) => {
    const u = await requireEntity(ctx.deps, ctx.caller.accountId, 'user', input.UserName);
    const patch: { name?: string; name_lc?: string; path?: string } = {};
    if (input.NewUserName !== undefined) Object.assign(patch, { name: input.NewUserName, name_lc: input.NewUserName.toLowerCase() });
    if (input.NewPath !== undefined) patch.path = input.NewPath;
    try {
      await ctx.deps.store.transaction(async (repos) => {
        await repos.entities.update(u.id, patch);
        if (patch.name) await repos.accessKeys.setUserName(u.id, patch.name);
      });
    } catch (e) {
      if (isUniqueViolation(e)) throw IamErrors.exists('user', input.NewUserName!);
      throw e;
    }
    await publish(ctx.deps, userTopic(u.id), iamTopic(u.account_id));
    return undefined;
  },
});
