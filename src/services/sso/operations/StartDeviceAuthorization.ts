import { defineOperation } from '../../operation.js';
import { startDeviceAuthorization, type StartInput } from '../oidc.js';

/**
 * sso-oidc:StartDeviceAuthorization (unsigned, the client's id and secret) — a device code for the client,
 * a user code for the person, and the approval page on the console's origin (/_console/sso/device).
 */
export default defineOperation<StartInput, Record<string, unknown>>({
  service: 'sso-oidc',
  name: 'StartDeviceAuthorization',
  authentication: 'unsigned',
  checks: () => [],
  handle: (input, ctx) => {
    const { config, consoleSite: site } = ctx.deps;
    const host = ['0.0.0.0', '::', ''].includes(config.host) ? 'localhost' : config.host.includes(':') ? `[${config.host}]` : config.host;
    const origin = site?.origin ?? `http://${host}:${site?.port ?? config.port}`;
    return startDeviceAuthorization(ctx.deps, input, `${origin}/_console/sso/device`, ctx.now);
  },
});
