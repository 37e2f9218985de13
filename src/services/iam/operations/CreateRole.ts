import { newId } from '../../../core/ids.js';
import { insertEntity } from '../../../store/repos/iamEntities.js';
import { defineQueryOperation } from '../../operation.js';
import { IamErrors, isUniqueViolation } from '../errors.js';
import { requireBoundary } from '../families.js';
import { roleOut } from '../model.js';
import { checkTrustPolicy } from '../roles.js';
import { checkNewTags, entityArn, tagContext, type Tag } from '../util.js';

interface Input {
  Path?: string;
  RoleName: string;
  AssumeRolePolicyDocument: string;
  Description?: string;
  MaxSessionDuration?: number;
  PermissionsBoundary?: string;
  Tags?: Tag[];
}

/** iam:CreateRole — trust policy validated as a trust policy; MaxSessionDuration 3600–43200 (default 3600). */
export default defineQueryOperation<Input, Record<string, unknown>>({
  service: 'iam',
  name: 'CreateRole',
  authorize: (input, { caller }) => [
    {
      action: 'iam:CreateRole',
      resource: entityArn(caller.accountId, 'role', input.Path ?? '/', input.RoleName),
      context: { ...tagContext(input.Tags), ...(input.PermissionsBoundary ? { 'iam:PermissionsBoundary': input.PermissionsBoundary } : {}) },
    },
  ],
  handle: async (input, ctx) => {
    const tags = checkNewTags(input.Tags);
    checkTrustPolicy(input.AssumeRolePolicyDocument);
    if (input.PermissionsBoundary) await requireBoundary(ctx, input.PermissionsBoundary);
    const row = {
      id: newId('AROA'),
      account_id: ctx.caller.accountId,
      kind: 'role' as const,
      name: input.RoleName,
      name_lc: input.RoleName.toLowerCase(),
      path: input.Path ?? '/',
      created_at: ctx.now,
      description: input.Description ?? null,
      trust_policy: input.AssumeRolePolicyDocument,
      max_session_duration: input.MaxSessionDuration ?? 3600,
      boundary_arn: input.PermissionsBoundary ?? null,
      tags: JSON.stringify(tags),
      password_last_used: null,
      last_used_at: null,
      last_used_region: null,
    };
    try {
      await insertEntity(ctx.deps.store.db, row);
    } catch (e) {
      if (isUniqueViolation(e)) throw IamErrors.exists('role', input.RoleName);
      throw e;
    }
    const role: Record<string, unknown> = { ...roleOut(row) };
    delete role.RoleLastUsed;
    return { Role: role };
  },
});
