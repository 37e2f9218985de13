import { defineOperation } from '../../operation.js';
import { createEntity, createEntityCheck } from '../entities.js';
import { requireBoundary } from '../families.js';
import { userOut } from '../model.js';
import { checkNewTags, type Tag } from '../util.js';

interface Input {
  Path?: string;
  UserName: string;
  PermissionsBoundary?: string;
  Tags?: Tag[];
}

/** iam:CreateUser — names are unique case-insensitively; concurrent creates of one name: exactly one wins. */
export default defineOperation<Input, { User: ReturnType<typeof userOut> }>({
  service: 'iam',
  name: 'CreateUser',
  checks: (input, { caller }) => [createEntityCheck(caller.accountId, 'user', input.UserName, input)],
  handle: async (input, ctx) => {
    const tags = checkNewTags(input.Tags);
    if (input.PermissionsBoundary) await requireBoundary(ctx, input.PermissionsBoundary);
    const row = await createEntity(ctx, 'user', { name: input.UserName, path: input.Path, tags, boundaryArn: input.PermissionsBoundary });
    return { User: userOut(row) };
  },
});
