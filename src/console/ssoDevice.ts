/**
 * IAM Identity Center's device-approval page on the console's own origin: /_console/sso/device (the
 * verification URI StartDeviceAuthorization gives) and its one call, POST /_console/sso/api/decide
 * {userCode, userName, password, mfaCode?, decision: approve|deny}. The call signs the identity-store user
 * in (password, then MFA when enrolled; throttled per user name) and only then looks at the user code, so
 * an anonymous caller learns nothing about codes. It follows the console API's rules: the console's own
 * origin only (Origin / Sec-Fetch-Site), the `x-tessera-console` header no cross-origin page can send.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { isServiceError } from '../core/errors.js';
import type { Deps } from '../server/deps.js';
import { header, type Exchange } from '../server/exchange.js';
import { readParams, sendJson, sendText } from '../services/signin/api.js';
import { decideDevice, pendingByUserCode, ssoUserSignin } from '../services/sso/api.js';
import { foreignRequest } from './csrf.js';
import { ownOrigin } from './site.js';
import type { StaticFile } from './static.js';

async function decide(deps: Deps, req: IncomingMessage, res: ServerResponse, ex: Exchange) {
  ex.operation = 'SsoDeviceDecision';
  if (ex.method !== 'POST') {
    req.resume();
    return sendJson(res, ex, 405, { error: 'MethodNotAllowed' });
  }
  const foreign = foreignRequest(ex, ownOrigin(deps.consoleSite, ex));
  if (foreign || header(ex, 'x-tessera-console') !== '1') {
    req.resume();
    ex.error = 'Forbidden';
    return sendJson(res, ex, 403, { error: 'Forbidden', message: `Refused: ${foreign ?? 'missing x-tessera-console header'}.` });
  }
  let p: URLSearchParams;
  try {
    p = await readParams(req, ex);
  } catch (e) {
    if (!isServiceError(e)) throw e;
    return sendJson(res, ex, e.status, { error: e.code, message: e.message }, { Connection: 'close' });
  }
  const decision = p.get('decision');
  if (decision !== 'approve' && decision !== 'deny') return sendJson(res, ex, 400, { error: 'BadRequest', message: 'decision must be approve or deny' });
  const now = deps.clock.now();
  const signin = await ssoUserSignin(deps, { userName: p.get('userName') ?? '', password: p.get('password') ?? '', mfaCode: p.get('mfaCode') || undefined }, now);
  if (!signin.ok) {
    ex.error = 'SigninFailed';
    if (signin.reason === 'throttled') {
      const wait = signin.retryAfterSeconds ?? 60;
      return sendJson(res, ex, 429, { error: 'SigninFailed', message: `Too many failed attempts. Try again in ${wait} seconds.`, retryAfterSeconds: wait }, { 'Retry-After': String(wait) });
    }
    if (signin.reason === 'mfa-required') return sendJson(res, ex, 401, { error: 'SigninFailed', message: 'Enter the code of your MFA device.', mfaRequired: true });
    return sendJson(res, ex, 401, { error: 'SigninFailed', message: 'Your user name, password or MFA code is incorrect.', mfaRequired: false });
  }
  ex.caller = `identitystore:${signin.user.user_name}`;
  const device = await pendingByUserCode(deps, p.get('userCode') ?? '', now);
  if (!device || !(await decideDevice(deps, device, decision === 'approve', signin.user.id, signin.user.account_id))) {
    ex.error = 'InvalidUserCode';
    return sendJson(res, ex, 400, { error: 'InvalidUserCode', message: 'This code is not valid, or it has expired or been used. Start the sign-in on your device again.' });
  }
  sendJson(res, ex, 200, { decision });
}

/** /_console/sso/...: the page and its call (`send` serves a static file with the console's page headers). */
export function ssoDeviceRoutes(files: Map<string, StaticFile>, sendPage: (res: ServerResponse, ex: Exchange, f: StaticFile) => void) {
  return async (deps: Deps, req: IncomingMessage, res: ServerResponse, ex: Exchange) => {
    ex.operation = 'SsoDevice';
    if (ex.rawPath === '/_console/sso/device') return sendPage(res, ex, files.get('sso-device.html')!);
    if (ex.rawPath === '/_console/sso/api/decide') return decide(deps, req, res, ex);
    req.resume();
    sendText(res, ex, 404, 'Not found.');
  };
}
