import { defineQueryOperation } from '../../operation.js';
import { entityCheck } from '../lookups.js';
import { inputPolicies, loadPrincipal, principalRef, simulate, type SimulationInput } from '../simulator/simulate.js';

/**
 * iam:SimulatePrincipalPolicy — the principal's policies (a user's with its groups'), plus PolicyInputList,
 * under its boundary (or PermissionsBoundaryPolicyInputList instead), for each action × resource.
 */
export default defineQueryOperation<SimulationInput & { PolicySourceArn: string }, Record<string, unknown>>({
  service: 'iam',
  name: 'SimulatePrincipalPolicy',
  authorize: async (input, ctx) => {
    const ref = principalRef(input.PolicySourceArn);
    return [await entityCheck(ctx, 'iam:SimulatePrincipalPolicy', ref.kind, ref.name)];
  },
  handle: async (input, ctx) => {
    const accountId = ctx.caller.accountId;
    const p = await loadPrincipal(ctx.deps, accountId, input.PolicySourceArn);
    const boundaries = inputPolicies(input.PermissionsBoundaryPolicyInputList, 'PermissionsBoundaryPolicyInputList', 'boundary');
    return simulate({
      accountId,
      input,
      identity: [...p.identity, ...inputPolicies(input.PolicyInputList, 'PolicyInputList', 'identity')],
      boundary: boundaries[0] ?? p.boundary,
      callerArn: input.CallerArn ?? (p.kind === 'user' ? p.arn : undefined),
      principalRow: p.row,
    });
  },
});
