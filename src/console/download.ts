/**
 * Object downloads from the console. Object bytes are never served from the console's origin: the console
 * API answers a presigned GET URL on the API (S3) origin, signed with the console session's own temporary
 * credentials, valid for 60 seconds, with `response-content-disposition=attachment` (so the browser saves the
 * object instead of rendering it), and the page navigates there. Before presigning, the backend makes the
 * same GET over loopback, so a denial is shown in the console as AWS words it (and the URL is handed out
 * only for objects the session may read).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  computeSignature,
  getCanonicalQuery,
  getCanonicalRequest,
  getCanonicalUri,
  getCredentialScope,
  getSigningKey,
  getStringToSign,
  SIGV4_ALGORITHM,
  toAmzDate,
  UNSIGNED_PAYLOAD,
  uriEncode,
} from '../auth/sigv4/index.js';
import { percentDecode } from '../auth/sigv4/percentDecode.js';
import type { Deps } from '../server/deps.js';
import type { Exchange } from '../server/exchange.js';
import { sendJson, type ConsoleCredentials, type ConsoleSession } from '../services/signin/api.js';
import { readAll, sendCall } from './proxy.js';
import { apiOrigin } from './site.js';

export const DOWNLOAD_URL_SECONDS = 60;
const MAX_PRESIGN_SECONDS = 604_800;

export interface PresignInput {
  /** The API origin the browser will use, e.g. http://127.0.0.1:4566. */
  origin: string;
  /** The object's path, /bucket/key (any equivalent percent-encoding). */
  rawPath: string;
  /** Extra query parameters (decoded), e.g. response-content-disposition. */
  params: Record<string, string>;
  creds: ConsoleCredentials;
  region: string;
  now: number;
  expires: number;
}

/** A SigV4 presigned GET URL (query-string authentication, host the only signed header). */
export function presignGet(p: PresignInput): string {
  const host = new URL(p.origin).host;
  const amzDate = toAmzDate(p.now);
  const scope = getCredentialScope(amzDate.slice(0, 8), p.region, 's3');
  const query: Record<string, string> = {
    ...p.params,
    'X-Amz-Algorithm': SIGV4_ALGORITHM,
    'X-Amz-Credential': `${p.creds.accessKeyId}/${scope}`,
    'X-Amz-Date': amzDate,
    'X-Amz-Expires': String(p.expires),
    'X-Amz-Security-Token': p.creds.sessionToken,
    'X-Amz-SignedHeaders': 'host',
  };
  const rawQuery = getCanonicalQuery(Object.entries(query).map(([k, v]) => `${uriEncode(k)}=${uriEncode(v)}`).join('&'));
  const path = getCanonicalUri(p.rawPath, false);
  const canonical = getCanonicalRequest(
    { method: 'GET', rawPath: path, rawQuery, headers: [['host', host]], payloadHash: UNSIGNED_PAYLOAD },
    ['host'],
    { normalizePath: false },
  );
  const key = getSigningKey(p.creds.secretAccessKey, amzDate.slice(0, 8), p.region, 's3');
  const signature = computeSignature(key, getStringToSign(amzDate, scope, canonical));
  return `${new URL(p.origin).origin}${path}?${rawQuery}&X-Amz-Signature=${signature}`;
}

const attachment = (name: string) => `attachment; filename*=UTF-8''${uriEncode(name)}`;

/** GET /_console/api/download/BUCKET/KEY → {url, expiresIn} or the S3 error (XML) the session got. */
export async function downloadApi(deps: Deps, req: IncomingMessage, res: ServerResponse, ex: Exchange, s: ConsoleSession) {
  ex.operation = 'Console:s3:Download';
  req.resume();
  if (ex.method !== 'GET') return sendJson(res, ex, 405, { error: 'MethodNotAllowed' });
  const rawPath = ex.rawPath.slice('/_console/api/download'.length);
  const slash = rawPath.indexOf('/', 1);
  if (!rawPath.startsWith('/') || slash < 2 || slash === rawPath.length - 1) return sendJson(res, ex, 400, { error: 'BadRequest', message: 'expected /_console/api/download/BUCKET/KEY' });
  const site = deps.consoleSite!;
  // The console signs as a client does, with the real time (the skew check's); a test clock moved ahead
  // (server/adminClock.ts) ages the URL by its offset, so its lifetime covers that (within S3's 7-day limit).
  const now = deps.clock.real();
  const expires = Math.min(MAX_PRESIGN_SECONDS, DOWNLOAD_URL_SECONDS + Math.max(0, Math.ceil((deps.clock.now() - now) / 1000)));
  // The session's own GET first: AccessDenied / NoSuchKey come back as S3 words them, no URL handed out.
  const probe = await sendCall({ service: 's3', method: 'GET', rawPath, rawQuery: '', headers: {} }, site.api, s.credentials, deps.config.region, now);
  const status = probe.statusCode ?? 502;
  if (status >= 300) {
    const body = await readAll(probe);
    res.writeHead(status, { 'Content-Type': 'application/xml', 'Content-Length': String(body.length), 'Content-Security-Policy': 'sandbox', 'X-Content-Type-Options': 'nosniff', 'Cache-Control': 'no-store' });
    res.end(body);
    return;
  }
  probe.destroy();
  const name = percentDecode(rawPath.slice(rawPath.lastIndexOf('/') + 1)).toString('utf8');
  const url = presignGet({
    origin: apiOrigin(site, ex),
    rawPath,
    params: { 'response-content-disposition': attachment(name || 'object') },
    creds: s.credentials,
    region: deps.config.region,
    now,
    expires,
  });
  sendJson(res, ex, 200, { url, expiresIn: DOWNLOAD_URL_SECONDS });
}
