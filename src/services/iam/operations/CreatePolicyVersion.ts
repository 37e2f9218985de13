import { defineOperation } from '../../operation.js';
import { limitExceeded } from '../errors.js';
import { iamTopic, publish } from '../lookups.js';
import { MAX_POLICY_VERSIONS, requireCustomerPolicy } from '../managedPolicies.js';
import { checkManagedSize, validateDocument } from '../util.js';

/** iam:CreatePolicyVersion — at most 5 versions (LimitExceeded); SetAsDefault makes it the one that applies. */
export default defineOperation<{ PolicyArn: string; PolicyDocument: string; SetAsDefault?: boolean }, Record<string, unknown>>({
  service: 'iam',
  name: 'CreatePolicyVersion',
  checks: (input) => [{ action: 'iam:CreatePolicyVersion', resource: input.PolicyArn }],
  handle: async (input, ctx) => {
    const p = await requireCustomerPolicy(ctx, input.PolicyArn);
    validateDocument(input.PolicyDocument, 'identity', true);
    checkManagedSize(input.PolicyDocument);
    const versionId = `v${p.next_version}`;
    await ctx.deps.store.db.transaction().execute(async (trx) => {
      const n = await trx.selectFrom('iam_policy_versions').select('version_id').where('policy_arn', '=', p.arn).execute();
      if (n.length >= MAX_POLICY_VERSIONS) {
        throw limitExceeded('A managed policy can have up to 5 versions. Before you create a new version, you must delete an existing version.');
      }
      // The version counter moves only if nobody else moved it (concurrent creates get distinct ids or fail).
      const r = await trx
        .updateTable('iam_policies')
        .set({ next_version: p.next_version + 1, updated_at: ctx.now, ...(input.SetAsDefault ? { default_version: versionId } : {}) })
        .where('arn', '=', p.arn)
        .where('next_version', '=', p.next_version)
        .executeTakeFirst();
      if (Number(r.numUpdatedRows) !== 1) throw limitExceeded('A concurrent change to this policy is in progress; retry.');
      await trx.insertInto('iam_policy_versions').values({ policy_arn: p.arn, version_id: versionId, document: input.PolicyDocument, created_at: ctx.now }).execute();
    });
    if (input.SetAsDefault) await publish(ctx.deps, iamTopic(ctx.caller.accountId));
    return { PolicyVersion: { VersionId: versionId, IsDefaultVersion: !!input.SetAsDefault, CreateDate: ctx.now } };
  },
});
