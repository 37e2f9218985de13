/**
 * Everything under /_console/: the pages (guarded by the console session), the static front end, sign-in and
 * logout, and the API the pages call. The API has no handler logic of its own: /_console/api/query (IAM, STS),
 * /_console/api/rest (restJson1: Access Analyzer, Tessera's analyses) and /_console/api/s3/... re-issue the
 * call as a signed AWS request to this server (proxy.ts).
 *
 * All of it is served only on the console's own listener (site.ts): on the API listener /_console/* is a
 * 302 to the console's origin, so no S3 object is ever same-origin with these pages.
 *
 * Cross-site requests (csrf.ts): the cookie is SameSite=Lax; API calls with a foreign Origin or a
 * Sec-Fetch-Site other than same-origin are refused; every call carries `x-tessera-console: 1` (a header no
 * cross-origin page can send without a CORS preflight we never grant) and, within a session, the session's
 * anti-CSRF token in `x-tessera-csrf` (embedded in index.html).
 */
import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { isServiceError } from '../core/errors.js';
import type { Deps } from '../server/deps.js';
import type { Exchange } from '../server/exchange.js';
import { header } from '../server/exchange.js';
import type { ReservedHandler } from '../server/exchange.js';
import {
  clearCookie,
  consoleSignin,
  endAllConsoleSessions,
  endConsoleSession,
  lookupConsoleSession,
  readParams,
  redirect,
  sendJson,
  sendText,
  type ChangePasswordAs,
  type ConsoleSession,
  type SessionLookup,
  type SigninInput,
} from '../services/signin/api.js';
import { CSRF_HEADER, csrfToken, foreignPageFetch, foreignRequest, hasCsrfToken } from './csrf.js';
import { downloadApi } from './download.js';
import { readBody } from '../server/pipeline/body.js';
import { readAll, sendCall, type OutgoingCall } from './proxy.js';
import { ownOrigin, toConsoleSite } from './site.js';
import { ssoDeviceRoutes } from './ssoDevice.js';
import { CSP, loadStaticFiles, type StaticFile } from './static.js';

const VERSIONS = { iam: '2010-05-08', sts: '2011-06-15' } as const;
const MAX_QUERY_JSON = 256 * 1024;
const PAGE_HEADERS = {
  'Content-Security-Policy': CSP,
  'X-Frame-Options': 'DENY',
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cache-Control': 'no-store',
};

function sendFile(res: ServerResponse, ex: Exchange, f: StaticFile, extra: Record<string, string> = {}) {
  res.writeHead(200, { 'Content-Type': f.type, 'Content-Length': String(f.body.length), ...PAGE_HEADERS, ...extra });
  res.end(ex.method === 'HEAD' ? undefined : f.body);
}

/** index.html with the session's anti-CSRF token in its <meta name="tessera-csrf"> (base64url: no escaping). */
const withCsrfToken = (f: StaticFile, token: string): StaticFile => ({
  type: f.type,
  body: Buffer.from(f.body.toString('utf8').replace('<meta name="tessera-csrf" content="">', `<meta name="tessera-csrf" content="${token}">`), 'utf8'),
});

const endedRedirect = (s: SessionLookup) => ('issuer' in s && s.issuer ? s.issuer : '/_console/signin?expired=1');

function sessionSummary(s: ConsoleSession, now: number) {
  const c = s.caller;
  return {
    arn: c.arn,
    accountId: c.accountId,
    type: c.type,
    userId: c.userId,
    userName: c.userName ?? null,
    roleName: c.roleName ?? null,
    sessionName: c.sessionName ?? null,
    issuedBy: c.session?.issuedBy ?? null,
    mfa: c.session?.mfaAuthTime !== undefined,
    mfaAuthTime: c.session?.mfaAuthTime ?? null,
    expiresAt: s.row.expires_at,
    serverTime: now,
    issuer: s.row.issuer,
  };
}

async function signinApi(deps: Deps, req: IncomingMessage, res: ServerResponse, ex: Exchange) {
  ex.operation = 'ConsoleSignIn';
  if (ex.method !== 'POST') return sendJson(res, ex, 405, { error: 'MethodNotAllowed' });
  const p = await readParams(req, ex);
  const input: SigninInput = {
    kind: p.get('kind') === 'root' ? 'root' : 'user',
    account: p.get('account') ?? undefined,
    userName: p.get('userName') ?? undefined,
    password: p.get('password') ?? undefined,
    accessKeyId: p.get('accessKeyId') ?? undefined,
    secretAccessKey: p.get('secretAccessKey') ?? undefined,
    mfaCode: p.get('mfaCode') || undefined,
    newPassword: p.get('newPassword') || undefined,
  };
  const out = await consoleSignin(deps, ex, input, changePasswordAs(deps));
  if (!out.ok) {
    ex.error = 'SigninFailed';
    const wait = out.retryAfterSeconds;
    const body = {
      error: 'SigninFailed',
      message: out.message,
      mfaRequired: out.mfaRequired ?? false,
      ...(out.passwordResetRequired ? { passwordResetRequired: true } : {}),
      ...(out.code ? { code: out.code } : {}),
      ...(wait ? { retryAfterSeconds: wait } : {}),
    };
    return sendJson(res, ex, out.status, body, wait ? { 'Retry-After': String(wait) } : undefined);
  }
  ex.caller = out.arn;
  sendJson(res, ex, 200, { arn: out.arn, expiresAt: out.started.expiresAt, redirect: '/_console/' }, { 'Set-Cookie': out.started.cookie });
}

/** iam:ChangePassword as the user, a signed request through the API pipeline (the forced change at sign-in). */
function changePasswordAs(deps: Deps): ChangePasswordAs {
  return async (creds, oldPassword, newPassword) => {
    const form = new URLSearchParams({ Action: 'ChangePassword', Version: VERSIONS.iam, OldPassword: oldPassword, NewPassword: newPassword });
    const call: OutgoingCall = { service: 'iam', method: 'POST', rawPath: '/', rawQuery: '', headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' }, body: Buffer.from(form.toString(), 'utf8') };
    const answer = await sendCall(call, deps.consoleSite!.api, creds, deps.config.region, deps.clock.real());
    const body = (await readAll(answer)).toString('utf8');
    if ((answer.statusCode ?? 502) < 300) return undefined;
    const tag = (name: 'Code' | 'Message') => new RegExp(`<${name}>([^<]*)</${name}>`).exec(body)?.[1] ?? '';
    return { code: tag('Code') || `HTTP ${answer.statusCode}`, message: xmlText(tag('Message')) };
  };
}

const xmlText = (s: string) => s.replace(/&(lt|gt|amp|quot|apos);/g, (_m, e: string) => ({ lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" })[e]!);

/** A page's JSON message to the backend (a POST, bounded), or undefined once the refusal is sent. */
async function readMessage(req: IncomingMessage, res: ServerResponse, ex: Exchange, expected: string): Promise<Record<string, unknown> | undefined> {
  if (ex.method !== 'POST') {
    req.resume();
    sendJson(res, ex, 405, { error: 'MethodNotAllowed' });
    return undefined;
  }
  let raw: Buffer;
  try {
    raw = await readBody(req, MAX_QUERY_JSON);
  } catch (e) {
    if (!isServiceError(e)) throw e;
    sendJson(res, ex, e.status, { error: e.status === 413 ? 'TooLarge' : e.code, message: e.message }, { Connection: 'close' });
    return undefined;
  }
  try {
    const msg: unknown = JSON.parse(raw.toString('utf8'));
    if (msg && typeof msg === 'object' && !Array.isArray(msg)) return msg as Record<string, unknown>;
  } catch {
    // answered below
  }
  sendJson(res, ex, 400, { error: 'BadRequest', message: `expected JSON ${expected}` });
  return undefined;
}

async function queryApi(deps: Deps, req: IncomingMessage, res: ServerResponse, ex: Exchange, s: ConsoleSession) {
  const msg = await readMessage(req, res, ex, '{service, params}');
  if (!msg) return;
  const service = msg.service === 'iam' || msg.service === 'sts' ? msg.service : undefined;
  const params = msg.params && typeof msg.params === 'object' ? (msg.params as Record<string, unknown>) : undefined;
  if (!service || !params || typeof params.Action !== 'string') return sendJson(res, ex, 400, { error: 'BadRequest', message: 'expected JSON {service, params: {Action, ...}}' });
  const form = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null) form.append(k, String(v));
  if (!form.has('Version')) form.append('Version', VERSIONS[service]);
  ex.operation = `Console:${service}`; // the action is the client's text: never a log or metric label
  const call: OutgoingCall = {
    service,
    method: 'POST',
    rawPath: '/',
    rawQuery: '',
    headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
    body: Buffer.from(form.toString(), 'utf8'),
  };
  const answer = await sendCall(call, deps.consoleSite!.api, s.credentials, deps.config.region, deps.clock.real());
  const body = await readAll(answer);
  res.writeHead(answer.statusCode ?? 502, {
    'Content-Type': 'text/xml',
    'Content-Length': String(body.length),
    'Content-Security-Policy': 'sandbox',
    'Cache-Control': 'no-store',
    'x-amzn-RequestId': String(answer.headers['x-amzn-requestid'] ?? ex.requestId),
  });
  res.end(body);
}

/** The restJson1 services the pages call (their SigV4 signing names), each a POST of a JSON body. */
const REST_SERVICES = new Set(['access-analyzer', 'tessera'] as const);
type RestService = 'access-analyzer' | 'tessera';

/**
 * A restJson1 call (access-analyzer:ValidatePolicy, Tessera's who-can and escalation paths): the page sends
 * {service, path, body}; it goes out as a signed POST of the JSON body, and the answer (JSON, or the error with
 * its x-amzn-ErrorType) comes back as the service gave it.
 */
async function restApi(deps: Deps, req: IncomingMessage, res: ServerResponse, ex: Exchange, s: ConsoleSession) {
  const msg = await readMessage(req, res, ex, '{service, path, body}');
  if (!msg) return;
  const service = REST_SERVICES.has(msg.service as RestService) ? (msg.service as RestService) : undefined;
  const path = typeof msg.path === 'string' && /^\/[A-Za-z0-9/_-]*$/.test(msg.path) ? msg.path : undefined;
  if (!service || !path || !msg.body || typeof msg.body !== 'object') return sendJson(res, ex, 400, { error: 'BadRequest', message: 'expected JSON {service: "access-analyzer" | "tessera", path: "/...", body: {...}}' });
  ex.operation = `Console:${service}`; // the path is the client's text: never a log or metric label
  const call: OutgoingCall = { service, method: 'POST', rawPath: path, rawQuery: '', headers: { 'content-type': 'application/json' }, body: Buffer.from(JSON.stringify(msg.body), 'utf8') };
  const answer = await sendCall(call, deps.consoleSite!.api, s.credentials, deps.config.region, deps.clock.real());
  const body = await readAll(answer);
  const errorType = answer.headers['x-amzn-errortype'];
  res.writeHead(answer.statusCode ?? 502, {
    'Content-Type': 'application/json',
    'Content-Length': String(body.length),
    'Content-Security-Policy': 'sandbox',
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'no-store',
    ...(typeof errorType === 'string' ? { 'x-amzn-ErrorType': errorType } : {}),
  });
  res.end(body);
}

/** The largest bucket configuration body the console reads whole (S3's own limits are below it). */
const MAX_CONFIG_BODY = 1024 * 1024;

const PASS_HEADERS = ['content-type', 'content-length', 'etag', 'last-modified', 'x-amz-request-id'];

async function s3Api(deps: Deps, req: IncomingMessage, res: ServerResponse, ex: Exchange, s: ConsoleSession) {
  const rawPath = ex.rawPath.slice('/_console/api/s3'.length) || '/';
  const isObject = rawPath.indexOf('/', 1) > 0;
  if (isObject && ex.method === 'GET') {
    // Object bytes never come from the console's origin: downloads go through a presigned URL (download.ts).
    req.resume();
    return sendJson(res, ex, 400, { error: 'BadRequest', message: 'download objects with /_console/api/download/BUCKET/KEY' });
  }
  const parts = ex.rawQuery.split('&').filter((q) => q !== '');
  const headers: Record<string, string> = {};
  const ct = header(ex, 'content-type');
  if (ct && ex.method === 'PUT') headers['content-type'] = ct;
  let body: OutgoingCall['body'];
  if (ex.method === 'PUT' || ex.method === 'POST') {
    const len = Number(header(ex, 'content-length') ?? NaN);
    if (!Number.isSafeInteger(len) || len < 0) return sendJson(res, ex, 411, { error: 'MissingContentLength' });
    if (!isObject && len <= MAX_CONFIG_BODY) {
      // A bucket configuration (policy, CORS, tags, ...): read whole, signed with its hash and, as the SDKs
      // send it, its Content-MD5 (S3 takes some of them only with an integrity header).
      let whole: Buffer;
      try {
        whole = await readBody(req, MAX_CONFIG_BODY);
      } catch (e) {
        if (!isServiceError(e)) throw e;
        return sendJson(res, ex, e.status, { error: e.code, message: e.message }, { Connection: 'close' });
      }
      headers['content-md5'] = createHash('md5').update(whole).digest('base64');
      body = whole;
    } else body = { stream: req, length: len };
  }
  ex.operation = `Console:s3:${ex.method}`;
  const call: OutgoingCall = { service: 's3', method: ex.method, rawPath, rawQuery: parts.join('&'), headers, ...(body ? { body } : {}) };
  const answer = await sendCall(call, deps.consoleSite!.api, s.credentials, deps.config.region, deps.clock.real());
  const out: Record<string, string> = { 'Content-Security-Policy': 'sandbox', 'X-Content-Type-Options': 'nosniff', 'Cache-Control': 'no-store' };
  for (const h of PASS_HEADERS) {
    const v = answer.headers[h];
    if (typeof v === 'string') out[h] = v;
  }
  res.writeHead(answer.statusCode ?? 502, out);
  answer.pipe(res);
}

export function consoleRoutes(): ReservedHandler {
  const files = loadStaticFiles();
  const ssoDevice = ssoDeviceRoutes(files, sendFile);
  return async (deps, req, res, ex) => {
    ex.service = 'console';
    ex.operation = 'Console';
    const path = ex.rawPath;
    if (ex.site !== 'console') {
      // The API origin serves no console page and sets no cookie: off to the console's own origin.
      ex.operation = 'ToConsoleSite';
      req.resume();
      return toConsoleSite(deps, res, ex, path + (ex.rawQuery ? `?${ex.rawQuery}` : ''));
    }
    if (path === '/_console') return redirect(res, ex, '/_console/');
    if (path.startsWith('/_console/assets/')) {
      const f = files.get(path.slice('/_console/'.length));
      return f ? sendFile(res, ex, f, { 'Cache-Control': 'no-cache' }) : sendText(res, ex, 404, 'Not found.');
    }
    if (path.startsWith('/_console/sso/')) return ssoDevice(deps, req, res, ex);
    if (path === '/_console/signin') return sendFile(res, ex, files.get('signin.html')!);
    if (path === '/_console/logout') {
      ex.operation = 'ConsoleLogout';
      const ended = await endConsoleSession(deps, ex);
      return redirect(res, ex, ended?.issuer ?? '/_console/signin?loggedout=1', { 'Set-Cookie': clearCookie(ex) });
    }
    if (path.startsWith('/_console/api/')) {
      const foreign = foreignRequest(ex, ownOrigin(deps.consoleSite, ex));
      const refuse = (message: string) => {
        req.resume();
        ex.error = 'Forbidden';
        sendJson(res, ex, 403, { error: 'Forbidden', message });
      };
      if (foreign) return refuse(`Refused: ${foreign}.`);
      if (header(ex, 'x-tessera-console') !== '1') return refuse('missing x-tessera-console header');
      if (path === '/_console/api/signin') return signinApi(deps, req, res, ex);
      const look = await lookupConsoleSession(deps, ex);
      if (look.state !== 'active') {
        req.resume();
        return sendJson(res, ex, 401, { error: look.state === 'none' ? 'NotSignedIn' : 'SessionExpired', redirect: look.state === 'none' ? '/_console/signin' : endedRedirect(look) });
      }
      ex.caller = look.session.caller.arn;
      if (!hasCsrfToken(ex, look.session)) return refuse(`missing or wrong ${CSRF_HEADER} token`);
      if (path === '/_console/api/session') return sendJson(res, ex, 200, sessionSummary(look.session, deps.clock.now()));
      if (path === '/_console/api/signout-everywhere') {
        req.resume();
        ex.operation = 'ConsoleSignOutEverywhere';
        if (ex.method !== 'POST') return sendJson(res, ex, 405, { error: 'MethodNotAllowed' });
        const ended = await endAllConsoleSessions(deps, look.session);
        return sendJson(res, ex, 200, { ended, redirect: look.session.row.issuer ?? '/_console/signin?loggedout=1' }, { 'Set-Cookie': clearCookie(ex) });
      }
      if (path === '/_console/api/query') return queryApi(deps, req, res, ex, look.session);
      if (path === '/_console/api/rest') return restApi(deps, req, res, ex, look.session);
      if (path === '/_console/api/s3' || path.startsWith('/_console/api/s3/')) return s3Api(deps, req, res, ex, look.session);
      if (path.startsWith('/_console/api/download/')) return downloadApi(deps, req, res, ex, look.session);
      req.resume();
      return sendJson(res, ex, 404, { error: 'NotFound' });
    }
    if (path === '/_console/' || path === '/_console/index.html') {
      const foreignFetch = foreignPageFetch(ex);
      if (foreignFetch) {
        ex.error = 'Forbidden';
        return sendText(res, ex, 403, `Refused: ${foreignFetch}.`);
      }
      const look = await lookupConsoleSession(deps, ex);
      if (look.state === 'none') return redirect(res, ex, '/_console/signin');
      if (look.state !== 'active') return redirect(res, ex, endedRedirect(look), { 'Set-Cookie': clearCookie(ex) });
      ex.caller = look.session.caller.arn;
      return sendFile(res, ex, withCsrfToken(files.get('index.html')!, csrfToken(look.session)));
    }
    sendText(res, ex, 404, 'Not found.');
  };
}
