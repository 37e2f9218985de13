import { listContextKeys } from '../../../policy/index.js';
import { defineOperation } from '../../operation.js';
import { inputPolicies, loadPrincipal, principalRef } from '../simulator/simulate.js';
import { entityCheck, loadEntity, type EntityTarget } from '../targets.js';

/** iam:GetContextKeysForPrincipalPolicy — keys referenced by the principal's policies (and its groups') plus PolicyInputList. */
export default defineOperation<{ PolicySourceArn: string; PolicyInputList?: string[] }, { ContextKeyNames: string[] }, EntityTarget>({
  service: 'iam',
  name: 'GetContextKeysForPrincipalPolicy',
  prepare: (input, ctx) => {
    const ref = principalRef(input.PolicySourceArn);
    return loadEntity(ctx, ref.kind, ref.name);
  },
  checks: (_input, _ctx, principal) => [entityCheck(principal, 'iam:GetContextKeysForPrincipalPolicy')],
  handle: async (input, ctx) => {
    const p = await loadPrincipal(ctx.deps, ctx.caller.accountId, input.PolicySourceArn);
    const all = [...p.identity, ...inputPolicies(input.PolicyInputList, 'PolicyInputList', 'identity')];
    return { ContextKeyNames: listContextKeys(...all.map((x) => x.policy)) };
  },
});
