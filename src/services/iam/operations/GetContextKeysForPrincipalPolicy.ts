import { listContextKeys } from '../../../policy/index.js';
import { defineQueryOperation } from '../../operation.js';
import { entityCheck } from '../lookups.js';
import { inputPolicies, loadPrincipal, principalRef } from '../simulator/simulate.js';

/** iam:GetContextKeysForPrincipalPolicy — keys referenced by the principal's policies (and its groups') plus PolicyInputList. */
export default defineQueryOperation<{ PolicySourceArn: string; PolicyInputList?: string[] }, { ContextKeyNames: string[] }>({
  service: 'iam',
  name: 'GetContextKeysForPrincipalPolicy',
  authorize: async (input, ctx) => {
    const ref = principalRef(input.PolicySourceArn);
    return [await entityCheck(ctx, 'iam:GetContextKeysForPrincipalPolicy', ref.kind, ref.name)];
  },
  handle: async (input, ctx) => {
    const p = await loadPrincipal(ctx.deps, ctx.caller.accountId, input.PolicySourceArn);
    const all = [...p.identity, ...inputPolicies(input.PolicyInputList, 'PolicyInputList', 'identity')];
    return { ContextKeyNames: listContextKeys(...all.map((x) => x.policy)) };
  },
});
