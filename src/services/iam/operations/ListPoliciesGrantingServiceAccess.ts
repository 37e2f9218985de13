import { parseArn } from '../../../core/arn.js';
import { isServiceError, type ServiceError } from '../../../core/errors.js';
import { defineOperation } from '../../operation.js';
import { invalidInput } from '../errors.js';
import { allowedPatterns, allowedServices, policiesOf, resolveTarget, type AdvisorTarget } from '../usage/advisor.js';

type Prepared = { target: AdvisorTarget } | { error: ServiceError };

/**
 * iam:ListPoliciesGrantingServiceAccess — for each namespace asked, the policies of the user (and its
 * groups), group or role that allow some action of it. Authorized on the entity's ARN.
 */
export default defineOperation<{ Arn: string; ServiceNamespaces: string[]; Marker?: string }, Record<string, unknown>, Prepared>({
  service: 'iam',
  name: 'ListPoliciesGrantingServiceAccess',
  prepare: async (input, ctx) => {
    try {
      const target = await resolveTarget(ctx, input.Arn);
      if (target.type === 'policy') throw invalidInput(`ARN ${input.Arn} is not valid.`);
      return { target };
    } catch (e) {
      if (isServiceError(e)) return { error: e };
      throw e;
    }
  },
  checks: (input) => [{ action: 'iam:ListPoliciesGrantingServiceAccess', resource: parseArn(input.Arn)?.service === 'iam' ? input.Arn : '*' }],
  handle: async (input, ctx, prepared) => {
    if ('error' in prepared) throw prepared.error;
    const policies = await policiesOf(ctx, prepared.target);
    const patterns = policies.map((p) => allowedPatterns(p.document));
    return {
      PoliciesGrantingServiceAccess: input.ServiceNamespaces.map((ns) => ({
        ServiceNamespace: ns,
        Policies: policies
          .filter((_p, i) => allowedServices(patterns[i]!, [ns]).length > 0)
          .map(({ document: _d, ...p }) => p),
      })),
      IsTruncated: false,
    };
  },
});
