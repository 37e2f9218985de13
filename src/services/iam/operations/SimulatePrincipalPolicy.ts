import { defineOperation } from '../../operation.js';
import { inputPolicies, loadPrincipal, principalRef, simulate, type SimulationInput } from '../simulator/simulate.js';
import { entityCheck, loadEntity, type EntityTarget } from '../targets.js';

/**
 * iam:SimulatePrincipalPolicy — the principal's policies (a user's with its groups'), plus PolicyInputList,
 * under its boundary (or PermissionsBoundaryPolicyInputList instead), for each action × resource.
 */
export default defineOperation<SimulationInput & { PolicySourceArn: string }, Record<string, unknown>, EntityTarget>({
  service: 'iam',
  name: 'SimulatePrincipalPolicy',
  prepare: (input, ctx) => {
    const ref = principalRef(input.PolicySourceArn);
    return loadEntity(ctx, ref.kind, ref.name);
  },
  checks: (_input, _ctx, principal) => [entityCheck(principal, 'iam:SimulatePrincipalPolicy')],
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
