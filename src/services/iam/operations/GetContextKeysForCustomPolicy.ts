import { listContextKeys } from '../../../policy/index.js';
import { defineOperation } from '../../operation.js';
import { invalidInput } from '../errors.js';
import { star } from '../lookups.js';
import { inputPolicies } from '../simulator/input.js';

/** iam:GetContextKeysForCustomPolicy — the context keys the given policies reference. */
export default defineOperation<{ PolicyInputList: string[] }, { ContextKeyNames: string[] }>({
  service: 'iam',
  name: 'GetContextKeysForCustomPolicy',
  checks: () => [star('iam:GetContextKeysForCustomPolicy')],
  handle: async (input) => {
    if (!input.PolicyInputList?.length) throw invalidInput('PolicyInputList must contain at least one policy.');
    return { ContextKeyNames: listContextKeys(...inputPolicies(input.PolicyInputList, 'PolicyInputList', 'identity').map((x) => x.policy)) };
  },
});
