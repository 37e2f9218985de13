import { newId } from '../../../core/ids.js';
import { insertEntity } from '../../../store/repos/iamEntities.js';
import { defineQueryOperation } from '../../operation.js';
import { IamErrors, isUniqueViolation } from '../errors.js';
import { requireBoundary } from '../families.js';
import { userOut } from '../model.js';
import { checkNewTags, entityArn, tagContext, type Tag } from '../util.js';

interface Input {
  Path?: string;
  UserName: string;
  PermissionsBoundary?: string;
  Tags?: Tag[];
}

/** iam:CreateUser — names are unique case-insensitively; concurrent creates of one name: exactly one wins. */
export default defineQueryOperation<Input, { User: ReturnType<typeof userOut> }>({
  service: 'iam',
  name: 'CreateUser',
  authorize: (input, { caller }) => [
    {
      action: 'iam:CreateUser',
      resource: entityArn(caller.accountId, 'user', input.Path ?? '/', input.UserName),
      context: {
        ...tagContext(input.Tags),
        ...(input.PermissionsBoundary ? { 'iam:PermissionsBoundary': input.PermissionsBoundary } : {}),
      },
    },
  ],
  handle: async (input, ctx) => {
    const tags = checkNewTags(input.Tags);
    if (input.PermissionsBoundary) await requireBoundary(ctx, input.PermissionsBoundary);
    const row = {
      id: newId('AIDA'),
      account_id: ctx.caller.accountId,
      kind: 'user' as const,
      name: input.UserName,
      name_lc: input.UserName.toLowerCase(),
      path: input.Path ?? '/',
      created_at: ctx.now,
      description: null,
      trust_policy: null,
      max_session_duration: null,
      boundary_arn: input.PermissionsBoundary ?? null,
      tags: JSON.stringify(tags),
      password_last_used: null,
      last_used_at: null,
      last_used_region: null,
    };
    try {
      await insertEntity(ctx.deps.store.db, row);
    } catch (e) {
      if (isUniqueViolation(e)) throw IamErrors.exists('user', input.UserName);
      throw e;
    }
    return { User: userOut(row) };
  },
});
