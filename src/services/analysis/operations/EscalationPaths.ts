import { defineOperation } from '../../operation.js';
import { Escalation, type EscalationPath } from '../whoCan.js';

/**
 * tessera EscalationPaths (Tessera's own API; AWS has none): every way the principal (an IAM user or role
 * of the caller's account) can become an administrator, each as the exact calls, decided by the evaluator
 * over the live store. Needs iam:GetAccountAuthorizationDetails, as WhoCan.
 */
export default defineOperation<{ principal: string }, { principal: string; administrator: boolean; paths: EscalationPath[] }>({
  service: 'tessera',
  name: 'EscalationPaths',
  checks: () => [{ action: 'iam:GetAccountAuthorizationDetails', resource: '*' }],
  handle: async (input, ctx) => new Escalation(ctx.deps, ctx.caller.accountId, ctx.now, ctx.region).paths(input.principal),
});
