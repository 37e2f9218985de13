import { defineOperation } from '../../operation.js';
import { allowedPatterns, allowedServices, policiesOf, prepareTarget, targetOf, targetResource, type PreparedTarget } from '../usage/advisor.js';

/**
 * iam:ListPoliciesGrantingServiceAccess — for each namespace asked, the policies of the user (and its
 * groups), group or role that allow some action of it. Authorized on the entity's ARN.
 */
export default defineOperation<{ Arn: string; ServiceNamespaces: string[]; Marker?: string }, Record<string, unknown>, PreparedTarget>({
  service: 'iam',
  name: 'ListPoliciesGrantingServiceAccess',
  prepare: (input, ctx) => prepareTarget(ctx, input.Arn, true),
  checks: (input) => [{ action: 'iam:ListPoliciesGrantingServiceAccess', resource: targetResource(input.Arn) }],
  handle: async (input, ctx, prepared) => {
    const policies = await policiesOf(ctx, targetOf(prepared));
    const patterns = policies.map((p) => allowedPatterns(p.document));
    return {
      PoliciesGrantingServiceAccess: input.ServiceNamespaces.map((ns) => ({
        ServiceNamespace: ns,
        Policies: policies.filter((_p, i) => allowedServices(patterns[i]!, [ns]).length > 0).map(({ document: _d, ...p }) => p),
      })),
      IsTruncated: false,
    };
  },
});
