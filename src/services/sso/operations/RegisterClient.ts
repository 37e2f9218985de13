import { defineOperation } from '../../operation.js';
import { registerClient, type RegisterClientInput } from '../oidc.js';

/** sso-oidc:RegisterClient (unsigned) — a public client's id and secret for the device flow (90 days). */
export default defineOperation<RegisterClientInput, Record<string, unknown>>({
  service: 'sso-oidc',
  name: 'RegisterClient',
  authentication: 'unsigned',
  checks: () => [],
  handle: (input, ctx) => registerClient(ctx.deps, input, ctx.now),
});
