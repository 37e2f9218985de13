import { defineOperation } from '../../operation.js';
import { star } from '../lookups.js';
import { inputPolicies } from '../simulator/input.js';
import { runSimulation, type SimulationInput } from '../simulator/run.js';

/**
 * iam:SimulateCustomPolicy — the policies of the request alone (PolicyInputList, under
 * PermissionsBoundaryPolicyInputList, with ResourcePolicy), for each action × resource. The simulated
 * caller is CallerArn (its account is the principal's account); without one, the API caller's account.
 */
export default defineOperation<SimulationInput & { PolicyInputList: string[] }, Record<string, unknown>>({
  service: 'iam',
  name: 'SimulateCustomPolicy',
  checks: () => [star('iam:SimulateCustomPolicy')],
  handle: (input, ctx) =>
    runSimulation(input, {
      accountId: ctx.caller.accountId,
      identity: inputPolicies(input.PolicyInputList, 'PolicyInputList', 'identity'),
      callerUser: async (caller) => (caller.accountId === ctx.caller.accountId ? await ctx.deps.store.repos.entities.get(caller.accountId, 'user', caller.userName) : undefined),
    }),
});
