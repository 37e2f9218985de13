import { defineOperation } from '../../operation.js';
import { IamErrors } from '../errors.js';
import { inputPolicies } from '../simulator/input.js';
import { loadPrincipal } from '../simulator/principal.js';
import { runSimulation, type SimulationInput } from '../simulator/run.js';
import { sourceCheck, sourceTarget, type SourceTarget } from '../simulator/source.js';

/**
 * iam:SimulatePrincipalPolicy — the policy source's policies (a user's with its groups'), plus
 * PolicyInputList, under its boundary (or PermissionsBoundaryPolicyInputList instead), for each action ×
 * resource. The simulated caller is CallerArn, else the source itself when it is a user. The simulated user's
 * (or a role source's) stored tags are its aws:PrincipalTag keys, as the authorizer's; ContextEntries win.
 */
export default defineOperation<SimulationInput & { PolicySourceArn: string }, Record<string, unknown>, SourceTarget>({
  service: 'iam',
  name: 'SimulatePrincipalPolicy',
  prepare: (input, ctx) => sourceTarget(ctx, input.PolicySourceArn),
  checks: (_input, _ctx, target) => [sourceCheck(target, 'iam:SimulatePrincipalPolicy')],
  handle: async (input, ctx, target) => {
    if (!target.row) throw IamErrors.noSuch(target.kind, target.name);
    const p = await loadPrincipal(ctx.deps, target.kind, target.row);
    const entities = ctx.deps.store.repos.entities;
    return runSimulation(input, {
      accountId: target.accountId,
      identity: [...p.identity, ...inputPolicies(input.PolicyInputList, 'PolicyInputList', 'identity')],
      boundary: p.boundary,
      user: p.kind === 'user' ? { arn: p.arn, accountId: target.accountId, userName: target.name } : undefined,
      role: p.kind === 'role' ? p.arn : undefined,
      roleTags: p.kind === 'role' ? target.row.tags : undefined,
      callerUser: async (caller) => (caller.accountId === target.accountId ? await entities.get(caller.accountId, 'user', caller.userName) : undefined),
    });
  },
});
