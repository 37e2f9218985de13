import { defineOperation } from '../../operation.js';
import { createEntity } from '../entities.js';
import { groupOut } from '../model.js';
import { entityArn } from '../util.js';

/** iam:CreateGroup */
export default defineOperation<{ Path?: string; GroupName: string }, Record<string, unknown>>({
  service: 'iam',
  name: 'CreateGroup',
  checks: (input, { caller }) => [{ action: 'iam:CreateGroup', resource: entityArn(caller.accountId, 'group', input.Path ?? '/', input.GroupName) }],
  handle: async (input, ctx) => ({ Group: groupOut(await createEntity(ctx, 'group', { name: input.GroupName, path: input.Path })) }),
});
