import { defineOperation } from '../../operation.js';
import { star } from '../lookups.js';
import { invalidInput } from '../errors.js';
import { inputPolicies, simulate, type SimulationInput } from '../simulator/simulate.js';

/** iam:SimulateCustomPolicy — the policies of the request alone, for each action × resource. */
export default defineOperation<SimulationInput & { PolicyInputList: string[] }, Record<string, unknown>>({
  service: 'iam',
  name: 'SimulateCustomPolicy',
  checks: () => [star('iam:SimulateCustomPolicy')],
  handle: async (input, ctx) => {
    if (!input.PolicyInputList?.length) throw invalidInput('PolicyInputList must contain at least one policy.');
    const boundaries = inputPolicies(input.PermissionsBoundaryPolicyInputList, 'PermissionsBoundaryPolicyInputList', 'boundary');
    return simulate({
      accountId: ctx.caller.accountId,
      input,
      identity: inputPolicies(input.PolicyInputList, 'PolicyInputList', 'identity'),
      boundary: boundaries[0],
      callerArn: input.CallerArn,
    });
  },
});
