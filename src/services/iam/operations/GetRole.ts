import { defineQueryOperation } from '../../operation.js';
import { entityCheck, requireEntity } from '../lookups.js';
import { roleOut } from '../model.js';

/** iam:GetRole — the trust policy URL-encoded, boundary, tags, RoleLastUsed. */
export default defineQueryOperation<{ RoleName: string }, Record<string, unknown>>({
  service: 'iam',
  name: 'GetRole',
  authorize: async (input, ctx) => [await entityCheck(ctx, 'iam:GetRole', 'role', input.RoleName)],
  handle: async (input, ctx) => ({ Role: roleOut(await requireEntity(ctx.deps, ctx.caller.accountId, 'role', input.RoleName)) }),
});
