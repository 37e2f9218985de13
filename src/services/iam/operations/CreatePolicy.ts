import { newId } from '../../../core/ids.js';
import { defineOperation } from '../../operation.js';
import { IamErrors } from '../errors.js';
import { policyArnFor } from '../managedPolicies.js';
import { customerPolicyOut } from '../model.js';
import { checkManagedSize, checkNewTags, tagContext, validateDocument, type Tag } from '../util.js';

interface Input {
  PolicyName: string;
  Path?: string;
  PolicyDocument: string;
  Description?: string;
  Tags?: Tag[];
}

/** iam:CreatePolicy — a customer managed policy with version v1 as default; the document is stored as given. */
export default defineOperation<Input, Record<string, unknown>>({
  service: 'iam',
  name: 'CreatePolicy',
  checks: (input, { caller }) => [
    { action: 'iam:CreatePolicy', resource: policyArnFor(caller.accountId, input.Path ?? '/', input.PolicyName), context: tagContext(input.Tags) },
  ],
  handle: async (input, ctx) => {
    const tags = checkNewTags(input.Tags);
    validateDocument(input.PolicyDocument, 'identity', true);
    checkManagedSize(input.PolicyDocument);
    const path = input.Path ?? '/';
    const row = {
      arn: policyArnFor(ctx.caller.accountId, path, input.PolicyName),
      id: newId('ANPA'),
      account_id: ctx.caller.accountId,
      name: input.PolicyName,
      name_lc: input.PolicyName.toLowerCase(),
      path,
      description: input.Description ?? null,
      default_version: 'v1',
      next_version: 2,
      created_at: ctx.now,
      updated_at: ctx.now,
      tags: JSON.stringify(tags),
    };
    if (!(await ctx.deps.store.repos.policies.create(row, input.PolicyDocument))) throw IamErrors.policyExists(input.PolicyName);
    return { Policy: customerPolicyOut(row, 0, 0, true) };
  },
});
