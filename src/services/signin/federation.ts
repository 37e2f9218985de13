/**
 * The sign-in federation endpoint, /_signin/federation (GET and POST), as AWS's
 * https://signin.aws.amazon.com/federation:
 *
 *  - Action=getSigninToken, Session={"sessionId","sessionKey","sessionToken"}, optional SessionDuration
 *    → {"SigninToken": "..."}. Temporary credentials only, verified: the token must open, be unexpired, and
 *    the key id and secret must be the ones derived from it. Long-term keys and GetSessionToken credentials
 *    are refused. SessionDuration (900–43,200) only for role sessions that were not chained, as AWS documents.
 *  - Action=login, SigninToken, Destination, Issuer → a console session cookie and a 302 to the Destination,
 *    which must be Tessera's console (never an open redirect).
 *  - Action=logout → /_console/logout (where the console cookie is visible), which ends the session.
 *
 * The console has its own origin (console/site.ts). On the API origin, getSigninToken answers as ever, while
 * login checks its parameters (without spending the token) and sends the browser to the same query on the
 * console's origin, with the Destination as a console path, so the cookie is set there and only there.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { safeEqual } from '../../auth/sigv4/safeEqual.js';
import { isServiceError } from '../../core/errors.js';
import type { ReservedHandler } from '../../server/exchange.js';
import type { Deps } from '../../server/deps.js';
import type { Exchange } from '../../server/exchange.js';
import { consoleOrigin, toConsoleSite } from '../../console/site.js';
import { openSession } from '../sts/api.js';
import { startConsoleSession } from './consoleSession.js';
import { consoleDestination, issuerUrl } from './destination.js';
import { redeemSigninToken, sealSigninToken } from './signinToken.js';
import { readParams, redirect, requestOrigin, sendJson, sendText } from './web.js';

const MIN_DURATION = 900;
const MAX_DURATION = 43_200;

class Refusal extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

interface SessionParam {
  sessionId: string;
  sessionKey: string;
  sessionToken: string;
}

function parseSession(text: string | null): SessionParam {
  if (!text) throw new Refusal(400, 'Session is required: {"sessionId", "sessionKey", "sessionToken"} of temporary credentials.');
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    throw new Refusal(400, 'Session is not valid JSON.');
  }
  const o = v as Record<string, unknown> | null;
  if (!o || typeof o !== 'object' || typeof o.sessionId !== 'string' || typeof o.sessionKey !== 'string') {
    throw new Refusal(400, 'Session must carry sessionId, sessionKey and sessionToken.');
  }
  if (typeof o.sessionToken !== 'string' || o.sessionToken === '' || !o.sessionId.startsWith('ASIA')) {
    throw new Refusal(400, 'Only temporary security credentials (AssumeRole*, GetFederationToken) can sign in to the console; long-term access keys cannot.');
  }
  return { sessionId: o.sessionId, sessionKey: o.sessionKey, sessionToken: o.sessionToken };
}

function parseDuration(text: string | null): number | undefined {
  if (text === null || text === '') return undefined;
  if (!/^\d{1,6}$/.test(text)) throw new Refusal(400, 'SessionDuration must be a whole number of seconds.');
  const n = Number(text);
  if (n < MIN_DURATION || n > MAX_DURATION) throw new Refusal(400, `SessionDuration must be between ${MIN_DURATION} and ${MAX_DURATION} seconds.`);
  return n;
}

async function getSigninToken(deps: Deps, params: URLSearchParams, res: ServerResponse, ex: Exchange) {
  ex.operation = 'getSigninToken';
  const s = parseSession(params.get('Session'));
  const duration = parseDuration(params.get('SessionDuration'));
  let resolved;
  try {
    resolved = await deps.credentials.resolve(s.sessionId, s.sessionToken);
  } catch (e) {
    if (isServiceError(e) && e.code === 'ExpiredToken') throw new Refusal(400, 'The temporary credentials have expired.');
    throw new Refusal(400, 'The temporary credentials are not valid.');
  }
  if (!safeEqual(resolved.secret, s.sessionKey)) throw new Refusal(400, 'The temporary credentials are not valid.');
  const session = resolved.caller.session;
  if (!session) throw new Refusal(400, 'The temporary credentials are not valid.');
  if (session.issuedBy === 'GetSessionToken') {
    throw new Refusal(400, 'Credentials from GetSessionToken cannot sign in to the console; use AssumeRole or GetFederationToken.');
  }
  if (duration !== undefined) {
    if (resolved.caller.type !== 'assumed-role') {
      throw new Refusal(400, 'SessionDuration applies only to role sessions; GetFederationToken sessions last as long as their credentials.');
    }
    if ((session.chainDepth ?? 0) > 0) {
      throw new Refusal(400, 'SessionDuration cannot be used with credentials from role chaining (a role session assuming a role).');
    }
  }
  ex.caller = resolved.caller.arn;
  sendJson(res, ex, 200, { SigninToken: sealSigninToken(deps, s.sessionToken, duration, deps.clock.now()) });
}

const REFUSED_TOKEN = {
  invalid: 'The SigninToken is not valid.',
  expired: 'The SigninToken has expired (sign-in tokens are valid for 15 minutes).',
  used: 'The SigninToken has already been used (sign-in tokens are single use).',
};

async function login(deps: Deps, params: URLSearchParams, res: ServerResponse, ex: Exchange) {
  ex.operation = 'login';
  // On the API origin the console's own origin is as good a Destination as the API's /_console/ (a 302 there).
  const site = ex.site === 'console' ? undefined : deps.consoleSite;
  const dest = consoleDestination(params.get('Destination'), requestOrigin(ex)) ?? (site ? consoleDestination(params.get('Destination'), consoleOrigin(site, ex)) : undefined);
  if (!dest) throw new Refusal(400, "The Destination must be Tessera's console (this server's /_console/) or https://console.aws.amazon.com/.");
  const rawIssuer = params.get('Issuer');
  const issuer = rawIssuer === null || rawIssuer === '' ? undefined : issuerUrl(rawIssuer);
  if (rawIssuer && !issuer) throw new Refusal(400, 'The Issuer must be an http or https URL.');
  const token = params.get('SigninToken');
  if (!token) throw new Refusal(400, 'SigninToken is required.');
  if (ex.site !== 'console') {
    const onConsole = new URLSearchParams({ Action: 'login', SigninToken: token, Destination: dest });
    if (rawIssuer) onConsole.set('Issuer', rawIssuer);
    return toConsoleSite(deps, res, ex, `/_signin/federation?${onConsole.toString()}`);
  }
  const now = deps.clock.now();
  const redeemed = await redeemSigninToken(deps, token, now);
  if (!redeemed.ok) throw new Refusal(redeemed.reason === 'invalid' ? 400 : 403, REFUSED_TOKEN[redeemed.reason]);
  const claims = await openSession(deps.keyring, redeemed.claims.tok);
  if (!claims) throw new Refusal(400, REFUSED_TOKEN.invalid);
  // The console session: SessionDuration from now when given, else as long as the credentials last.
  const expiresAt = redeemed.claims.dur !== undefined ? now + redeemed.claims.dur * 1000 : claims.s.expiresAt;
  if (expiresAt <= now) throw new Refusal(403, 'The temporary credentials behind this SigninToken have expired.');
  const started = await startConsoleSession(deps, ex, { principal: claims.c, session: claims.s, expiresAt, issuer });
  ex.caller = claims.c.arn;
  redirect(res, ex, dest, { 'Set-Cookie': started.cookie });
}

export const federation: ReservedHandler = async (deps: Deps, req: IncomingMessage, res: ServerResponse, ex: Exchange) => {
  ex.service = 'signin';
  ex.operation = 'federation';
  try {
    if (ex.method !== 'GET' && ex.method !== 'POST') throw new Refusal(405, 'Use GET or POST.');
    const params = await readParams(req, ex);
    const action = params.get('Action');
    if (action === 'getSigninToken') return await getSigninToken(deps, params, res, ex);
    if (action === 'login') return await login(deps, params, res, ex);
    if (action === 'logout') {
      ex.operation = 'logout';
      return ex.site === 'console' ? redirect(res, ex, '/_console/logout') : toConsoleSite(deps, res, ex, '/_console/logout');
    }
    throw new Refusal(400, 'Action must be getSigninToken, login or logout.');
  } catch (e) {
    if (e instanceof Refusal) {
      ex.error = 'SigninRefused';
      return sendText(res, ex, e.status, e.message);
    }
    if (isServiceError(e)) {
      ex.error = e.code;
      return sendText(res, ex, e.status, e.message);
    }
    deps.logger.error(ex.requestId, e);
    ex.error = 'InternalError';
    sendText(res, ex, 500, 'Internal error.');
  }
};
