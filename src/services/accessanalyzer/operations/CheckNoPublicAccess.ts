import { defineOperation } from '../../operation.js';
import { JsonServiceError } from '../../../protocol/restjson/errors.js';
import { actionUniverse, allows, compile, contextUniverse, describe, patternsOf, principalUniverse, requests, resourceUniverse, type CheckResult, type Side } from '../accessChecks.js';

interface Input {
  policyDocument: string;
  resourceType: string;
}

/**
 * Keys a caller cannot choose: a policy that grants only to fixed values of them is not public (S3's
 * definition of a public bucket policy, Block Public Access; for trust policies, a web-identity or SAML
 * provider's audience and subject).
 */
function restricted(key: string): boolean {
  return /^aws:(sourceip|sourcevpc|sourcevpce|sourcearn|sourceaccount|sourceowner|principalorgid|principalorgpaths|principalaccount|principalarn|userid|principalservicename)$/.test(key) || /:(aud|sub|oaud|amr)$/.test(key) || /^saml:/.test(key);
}

const TRUST_ROLE = 'arn:aws:iam::111111111111:role/checked';

/**
 * access-analyzer:CheckNoPublicAccess — would the policy let an anonymous caller, any account's principal
 * or any web identity in? S3 bucket policies and role trust policies are decided by the engine
 * (accessChecks.ts); other resource types are answered ValidationException (notSupported).
 */
export default defineOperation<Input, CheckResult>({
  service: 'access-analyzer',
  name: 'CheckNoPublicAccess',
  checks: () => [{ action: 'access-analyzer:CheckNoPublicAccess', resource: '*' }],
  handle: async (input) => {
    if (input.resourceType !== 'AWS::S3::Bucket' && input.resourceType !== 'AWS::IAM::AssumeRolePolicyDocument') {
      throw new JsonServiceError('ValidationException', `Tessera checks public access for AWS::S3::Bucket and AWS::IAM::AssumeRolePolicyDocument only, not ${input.resourceType}.`, 400, { reason: 'notSupported' });
    }
    const trust = input.resourceType === 'AWS::IAM::AssumeRolePolicyDocument';
    const kind = trust ? 'trust' : 'resource';
    const { policy, doc } = compile(input.policyDocument, kind);
    const side: Side = { policy, kind };
    const principals = principalUniverse([doc]).filter((p) => p.type === 'anonymous' || p.type === 'federated' || p.accountId === '999988887777');
    const actions = actionUniverse(patternsOf([doc], ['Action', 'NotAction']));
    const resources = trust ? [TRUST_ROLE] : resourceUniverse(patternsOf([doc], ['Resource', 'NotResource']));
    for (const r of requests(actions, resources, principals, contextUniverse([doc], restricted))) {
      const a = allows(side, r);
      if (!a.allowed) continue;
      return {
        result: 'FAIL',
        message: `The resource policy grants public access for the given resource type.`,
        reasons: [{ description: `Public access granted in the statement with index: ${a.statementIndex}. It allows ${describe(r, kind)}.`, statementIndex: a.statementIndex, statementId: a.statementId }],
      };
    }
    return { result: 'PASS', message: 'The resource policy does not grant public access for the given resource type.', reasons: [] };
  },
});
