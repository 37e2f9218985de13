import { listContextKeys } from '../../../policy/index.js';
import { defineOperation } from '../../operation.js';
import { IamErrors } from '../errors.js';
import { inputPolicies } from '../simulator/input.js';
import { loadPrincipal } from '../simulator/principal.js';
import { sourceCheck, sourceTarget, type SourceTarget } from '../simulator/source.js';

/** iam:GetContextKeysForPrincipalPolicy — keys referenced by the principal's policies (and its groups') plus PolicyInputList. */
export default defineOperation<{ PolicySourceArn: string; PolicyInputList?: string[] }, { ContextKeyNames: string[] }, SourceTarget>({
  service: 'iam',
  name: 'GetContextKeysForPrincipalPolicy',
  prepare: (input, ctx) => sourceTarget(ctx, input.PolicySourceArn),
  checks: (_input, _ctx, target) => [sourceCheck(target, 'iam:GetContextKeysForPrincipalPolicy')],
  handle: async (input, ctx, target) => {
    if (!target.row) throw IamErrors.noSuch(target.kind, target.name);
    const p = await loadPrincipal(ctx.deps, target.kind, target.row);
    const all = [...p.identity, ...inputPolicies(input.PolicyInputList, 'PolicyInputList', 'identity')];
    return { ContextKeyNames: listContextKeys(...all.map((x) => x.policy)) };
  },
});
