import { defineOperation } from '../../operation.js';
import { createToken, type CreateTokenInput } from '../oidc.js';

/**
 * sso-oidc:CreateToken (unsigned, the client's id and secret) — the device_code grant (authorization_pending,
 * slow_down, access_denied, expired_token until the code is approved; then once an access and a refresh
 * token) and the refresh_token grant (the refresh token presented is spent).
 */
export default defineOperation<CreateTokenInput, Record<string, unknown>>({
  service: 'sso-oidc',
  name: 'CreateToken',
  authentication: 'unsigned',
  checks: () => [],
  handle: (input, ctx) => createToken(ctx.deps, input, ctx.now),
});
