import { defineOperation } from '../../operation.js';
import { createEntity, createEntityCheck } from '../entities.js';
import { requireBoundary } from '../families.js';
import { roleOut } from '../model.js';
import { checkTrustPolicy } from '../roles.js';
import { refuseServicePath } from '../serviceLinked.js';
import { checkNewTags, type Tag } from '../util.js';

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
export default defineOperation<Input, Record<string, unknown>>({
  service: 'iam',
  name: 'CreateRole',
  checks: (input, { caller }) => [createEntityCheck(caller.accountId, 'role', input.RoleName, input)],
  handle: async (input, ctx) => {
    const tags = checkNewTags(input.Tags);
    refuseServicePath(input.Path);
    checkTrustPolicy(input.AssumeRolePolicyDocument);
    if (input.PermissionsBoundary) await requireBoundary(ctx, input.PermissionsBoundary);
    const row = await createEntity(ctx, 'role', {
      name: input.RoleName,
      path: input.Path,
      tags,
      description: input.Description,
      trustPolicy: input.AssumeRolePolicyDocument,
      maxSessionDuration: input.MaxSessionDuration ?? 3600,
      boundaryArn: input.PermissionsBoundary,
    });
    const role: Record<string, unknown> = { ...roleOut(row) };
    delete role.RoleLastUsed;
    return { Role: role };
  },
});
