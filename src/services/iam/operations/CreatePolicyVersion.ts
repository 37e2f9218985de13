import { defineOperation } from '../../operation.js';
import { limitExceeded } from '../errors.js';
import { iamTopic, publish } from '../lookups.js';
import { MAX_POLICY_VERSIONS, requireCustomerPolicy } from '../managedPolicies.js';
import { checkManagedSize, validateDocument } from '../util.js';
import { loadPolicyTags } from '../taggables.js';
import type { TagTarget } from '../tagging.js';
import { taggedCheck } from '../targets.js';

/** iam:CreatePolicyVersion — at most 5 versions (LimitExceeded); SetAsDefault makes it the one that applies. */
export default defineOperation<{ PolicyArn: string; PolicyDocument: string; SetAsDefault?: boolean }, Record<string, unknown>, TagTarget>({
  service: 'iam',
  name: 'CreatePolicyVersion',
  prepare: (input, ctx) => loadPolicyTags(ctx, input.PolicyArn),
  checks: (_input, _ctx, target) => [taggedCheck('iam:CreatePolicyVersion', target.arn, target.tags)],
  handle: async (input, ctx) => {
    const p = await requireCustomerPolicy(ctx, input.PolicyArn);
    validateDocument(input.PolicyDocument, 'identity', true);
    checkManagedSize(input.PolicyDocument);
    const versionId = `v${p.next_version}`;
    await ctx.deps.store.transaction(async (repos) => {
      if ((await repos.policies.countVersions(p.arn)) >= MAX_POLICY_VERSIONS) {
        throw limitExceeded('A managed policy can have up to 5 versions. Before you create a new version, you must delete an existing version.');
      }
      // The version counter moves only if nobody else moved it (concurrent creates get distinct ids or fail).
      const moved = await repos.policies.advanceVersionCounter(p.arn, p.next_version, { updated_at: ctx.now, ...(input.SetAsDefault ? { default_version: versionId } : {}) });
      if (!moved) throw limitExceeded('A concurrent change to this policy is in progress; retry.');
      await repos.policies.insertVersion({ policy_arn: p.arn, version_id: versionId, document: input.PolicyDocument, created_at: ctx.now });
    });
    if (input.SetAsDefault) await publish(ctx.deps, iamTopic(ctx.caller.accountId));
    return { PolicyVersion: { VersionId: versionId, IsDefaultVersion: !!input.SetAsDefault, CreateDate: ctx.now } };
  },
});
