import { defineOperation } from '../../operation.js';
import { actionUniverse, allows, compile, contextUniverse, describe, patternsOf, principalUniverse, requests, resourceUniverse, type CheckResult, type Side } from '../accessChecks.js';

interface Input {
  newPolicyDocument: string;
  existingPolicyDocument: string;
  policyType: 'IDENTITY_POLICY' | 'RESOURCE_POLICY';
}

/**
 * access-analyzer:CheckNoNewAccess — does the new policy allow any request the existing one does not? Both
 * are evaluated by the engine on every request class the two documents distinguish (accessChecks.ts); a
 * FAIL names such a request and the new policy's statement that allows it.
 */
export default defineOperation<Input, CheckResult>({
  service: 'access-analyzer',
  name: 'CheckNoNewAccess',
  checks: () => [{ action: 'access-analyzer:CheckNoNewAccess', resource: '*' }],
  handle: async (input) => {
    const kind = input.policyType === 'IDENTITY_POLICY' ? 'identity' : 'resource';
    const next = compile(input.newPolicyDocument, kind, 'newPolicyDocument');
    const old = compile(input.existingPolicyDocument, kind, 'existingPolicyDocument');
    const docs = [next.doc, old.doc];
    const newSide: Side = { policy: next.policy, kind };
    const oldSide: Side = { policy: old.policy, kind };
    const principals = kind === 'identity' ? [{ type: 'user' as const, arn: 'arn:aws:iam::111111111111:user/checked', accountId: '111111111111' }] : principalUniverse(docs);
    for (const r of requests(actionUniverse(patternsOf(docs, ['Action', 'NotAction'])), resourceUniverse(patternsOf(docs, ['Resource', 'NotResource'])), principals, contextUniverse(docs))) {
      const a = allows(newSide, r);
      if (!a.allowed || allows(oldSide, r).allowed) continue;
      return {
        result: 'FAIL',
        message: 'The modified permissions grant new access compared to your existing policy.',
        reasons: [{ description: `New access in the statement with index: ${a.statementIndex}. The new policy allows ${describe(r, kind)}; the existing policy does not.`, statementIndex: a.statementIndex, statementId: a.statementId }],
      };
    }
    return { result: 'PASS', message: 'The modified permissions do not grant new access compared to your existing policy.', reasons: [] };
  },
});
