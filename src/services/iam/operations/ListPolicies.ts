import { defineOperation } from '../../operation.js';
import { star } from '../lookups.js';
import { awsManagedPolicies } from '../managed/index.js';
import { awsPolicyOut, customerPolicyOut } from '../model.js';
import { pageOf } from '../util.js';

interface Input {
  Scope?: 'All' | 'AWS' | 'Local';
  OnlyAttached?: boolean;
  PathPrefix?: string;
  PolicyUsageFilter?: 'PermissionsPolicy' | 'PermissionsBoundary';
  Marker?: string;
  MaxItems?: number;
}

/** iam:ListPolicies — Scope (All/AWS/Local), OnlyAttached, PathPrefix, PolicyUsageFilter; in name order. */
export default defineOperation<Input, Record<string, unknown>>({
  service: 'iam',
  name: 'ListPolicies',
  checks: () => [star('iam:ListPolicies')],
  handle: async (input, ctx) => {
    const accountId = ctx.caller.accountId;
    const policies = ctx.deps.store.repos.policies;
    const [attached, boundaries] = await Promise.all([policies.countAttachments(accountId), policies.countBoundaryUses(accountId)]);
    const scope = input.Scope ?? 'All';
    type Out = ReturnType<typeof awsPolicyOut> | ReturnType<typeof customerPolicyOut>;
    let all: Out[] = [];
    if (scope !== 'Local') all.push(...awsManagedPolicies().map((p) => awsPolicyOut(p, attached.get(p.arn) ?? 0, boundaries.get(p.arn) ?? 0)));
    if (scope !== 'AWS') all.push(...(await policies.list(accountId)).map((p) => customerPolicyOut(p, attached.get(p.arn) ?? 0, boundaries.get(p.arn) ?? 0)));
    if (input.PathPrefix) all = all.filter((p) => p.Path.startsWith(input.PathPrefix!));
    if (input.OnlyAttached) {
      all = all.filter((p) =>
        input.PolicyUsageFilter === 'PermissionsBoundary' ? p.PermissionsBoundaryUsageCount > 0
        : input.PolicyUsageFilter === 'PermissionsPolicy' ? p.AttachmentCount > 0
        : p.AttachmentCount + p.PermissionsBoundaryUsageCount > 0,
      );
    }
    all.sort((a, b) => (a.PolicyName.toLowerCase() < b.PolicyName.toLowerCase() ? -1 : a.PolicyName.toLowerCase() > b.PolicyName.toLowerCase() ? 1 : 0));
    const { page, ...rest } = pageOf(all, input.Marker, input.MaxItems);
    return { Policies: page, ...rest };
  },
});
