import { defineOperation } from '../../operation.js';
import { actionUniverse, allows, compile, contextUniverse, describe, invalidParameter, patternsOf, principalUniverse, requests, resourceUniverse, type CheckResult, type Side } from '../accessChecks.js';

interface Input {
  policyDocument: string;
  access: { actions?: string[]; resources?: string[] }[];
  policyType: 'IDENTITY_POLICY' | 'RESOURCE_POLICY';
}

/**
 * access-analyzer:CheckAccessNotGranted — does the policy allow any of the listed actions (on any resource
 * it names) or any action on the listed resources, or the listed actions on the listed resources? Decided
 * by the engine over every request class (accessChecks.ts); a FAIL names the request.
 */
export default defineOperation<Input, CheckResult>({
  service: 'access-analyzer',
  name: 'CheckAccessNotGranted',
  checks: () => [{ action: 'access-analyzer:CheckAccessNotGranted', resource: '*' }],
  handle: async (input) => {
    const access = input.access[0];
    if (!access || ((access.actions ?? []).length === 0 && (access.resources ?? []).length === 0)) throw invalidParameter('The access list must name at least one action or resource.');
    const kind = input.policyType === 'IDENTITY_POLICY' ? 'identity' : 'resource';
    const { policy, doc } = compile(input.policyDocument, kind);
    const side: Side = { policy, kind };
    const actions = (access.actions ?? []).length > 0 ? actionUniverse(access.actions!) : actionUniverse(patternsOf([doc], ['Action', 'NotAction']));
    const resources = (access.resources ?? []).length > 0 ? access.resources! : resourceUniverse(patternsOf([doc], ['Resource', 'NotResource']));
    const principals = kind === 'identity' ? [{ type: 'user' as const, arn: 'arn:aws:iam::111111111111:user/checked', accountId: '111111111111' }] : principalUniverse([doc]);
    for (const r of requests(actions, resources, principals, contextUniverse([doc]))) {
      const a = allows(side, r);
      if (!a.allowed) continue;
      return {
        result: 'FAIL',
        message: 'The policy document grants access to perform one or more of the listed actions or resources.',
        reasons: [{ description: `One or more of the listed actions or resources in the statement with index: ${a.statementIndex}. It allows ${describe(r, kind)}.`, statementIndex: a.statementIndex, statementId: a.statementId }],
      };
    }
    return { result: 'PASS', message: 'The policy document does not grant access to perform the listed actions or resources.', reasons: [] };
  },
});
