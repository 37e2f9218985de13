import { defineOperation } from '../../operation.js';
import { IamErrors } from '../errors.js';
import { requirePolicyArn } from '../lookups.js';
import { awsManagedPolicy, isAwsManagedArn } from '../managed/index.js';
import { requireCustomerPolicy } from '../managedPolicies.js';
import { pageOf } from '../util.js';
import { loadPolicyTags } from '../taggables.js';
import type { TagTarget } from '../tagging.js';
import { taggedCheck } from '../targets.js';

/** iam:ListPolicyVersions — newest first, without documents. */
export default defineOperation<{ PolicyArn: string; Marker?: string; MaxItems?: number }, Record<string, unknown>, TagTarget>({
  service: 'iam',
  name: 'ListPolicyVersions',
  prepare: (input, ctx) => loadPolicyTags(ctx, input.PolicyArn),
  checks: (_input, _ctx, target) => [taggedCheck('iam:ListPolicyVersions', target.arn, target.tags)],
  handle: async (input, ctx) => {
    requirePolicyArn(input.PolicyArn);
    let versions: { VersionId: string; IsDefaultVersion: boolean; CreateDate: number }[];
    if (isAwsManagedArn(input.PolicyArn)) {
      const p = awsManagedPolicy(input.PolicyArn);
      if (!p) throw IamErrors.policyNotFound(input.PolicyArn);
      versions = [{ VersionId: p.defaultVersion, IsDefaultVersion: true, CreateDate: p.updateDate }];
    } else {
      const p = await requireCustomerPolicy(ctx, input.PolicyArn);
      versions = (await ctx.deps.store.repos.policies.listVersions(p.arn)).map((v) => ({
        VersionId: v.version_id,
        IsDefaultVersion: v.version_id === p.default_version,
        CreateDate: v.created_at,
      }));
    }
    const { page, ...rest } = pageOf(versions, input.Marker, input.MaxItems);
    return { Versions: page, ...rest };
  },
});
