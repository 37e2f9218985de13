import { defineOperation } from '../../operation.js';
import { Analysis, type Grant } from '../whoCan.js';

/**
 * tessera WhoCan (Tessera's own API; AWS has none): every user and role of the caller's account allowed
 * `action` on `resource`, with the statements that allow it, and who can assume each such role (with or
 * without MFA). It reveals what GetAccountAuthorizationDetails reveals, so it needs that permission.
 */
export default defineOperation<{ action: string; resource: string }, { action: string; resource: string; principals: Grant[] }>({
  service: 'tessera',
  name: 'WhoCan',
  checks: () => [{ action: 'iam:GetAccountAuthorizationDetails', resource: '*' }],
  handle: async (input, ctx) => ({
    action: input.action,
    resource: input.resource,
    principals: await new Analysis(ctx.deps, ctx.caller.accountId, ctx.now, ctx.region).whoCan(input.action, input.resource),
  }),
});
