import { defineOperation } from '../../operation.js';
import { IamErrors } from '../errors.js';
import { requirePolicyArn } from '../lookups.js';
import { awsManagedPolicy, isAwsManagedArn } from '../managed/index.js';
import { requireCustomerPolicy } from '../managedPolicies.js';
import { encodeDocument } from '../util.js';
import { loadPolicyTags } from '../taggables.js';
import type { TagTarget } from '../tagging.js';
import { taggedCheck } from '../targets.js';

/** iam:GetPolicyVersion — the document URL-encoded, as AWS returns it. AWS managed: the default version only. */
export default defineOperation<{ PolicyArn: string; VersionId: string }, Record<string, unknown>, TagTarget>({
  service: 'iam',
  name: 'GetPolicyVersion',
  prepare: (input, ctx) => loadPolicyTags(ctx, input.PolicyArn),
  checks: (_input, _ctx, target) => [taggedCheck('iam:GetPolicyVersion', target.arn, target.tags)],
  handle: async (input, ctx) => {
    requirePolicyArn(input.PolicyArn);
    if (isAwsManagedArn(input.PolicyArn)) {
      const p = awsManagedPolicy(input.PolicyArn);
      if (!p) throw IamErrors.policyNotFound(input.PolicyArn);
      if (input.VersionId !== p.defaultVersion) throw IamErrors.noSuchVersion(input.PolicyArn, input.VersionId);
      return { PolicyVersion: { Document: encodeDocument(p.document), VersionId: p.defaultVersion, IsDefaultVersion: true, CreateDate: p.updateDate } };
    }
    const p = await requireCustomerPolicy(ctx, input.PolicyArn);
    const v = await ctx.deps.store.repos.policies.getVersion(p.arn, input.VersionId);
    if (!v) throw IamErrors.noSuchVersion(input.PolicyArn, input.VersionId);
    return { PolicyVersion: { Document: encodeDocument(v.document), VersionId: v.version_id, IsDefaultVersion: v.version_id === p.default_version, CreateDate: v.created_at } };
  },
});
