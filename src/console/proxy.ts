/**
 * The console backend never calls a handler: every console action is re-issued as a real AWS request,
 * SigV4-signed (our own signing functions) with the console session's temporary credentials, and sent over
 * loopback HTTP to this server's API listener (never the console's own), so it takes the same route → authenticate → authorize → handle path as
 * any SDK call, and the browser gets AWS's own answer (or AccessDenied with its explanation).
 */
import { request, type IncomingMessage } from 'node:http';
import type { Readable } from 'node:stream';
import {
  computeSignature,
  EMPTY_SHA256,
  getCanonicalRequest,
  getCredentialScope,
  getSigningKey,
  getStringToSign,
  sha256Hex,
  SIGV4_ALGORITHM,
  toAmzDate,
  UNSIGNED_PAYLOAD,
} from '../auth/sigv4/index.js';
import type { ConsoleCredentials } from '../services/signin/api.js';

export interface Loopback {
  host: string; // "127.0.0.1:4566" or "[::1]:4566"
  hostname: string;
  port: number;
}

/** A listener's address as a loopback target (a wildcard address becomes 127.0.0.1). */
export function loopbackOf(socket: { localAddress?: string | undefined; localPort?: number | undefined }): Loopback {
  let hostname = (socket.localAddress ?? '127.0.0.1').replace(/^::ffff:/, '');
  if (hostname === '0.0.0.0' || hostname === '::') hostname = '127.0.0.1';
  const port = socket.localPort ?? 80;
  return { hostname, port, host: hostname.includes(':') ? `[${hostname}]:${port}` : `${hostname}:${port}` };
}

export interface OutgoingCall {
  /** The SigV4 signing name: the query services, S3, and the restJson1 ones (Access Analyzer, Tessera's analyses). */
  service: 'iam' | 'sts' | 's3' | 'access-analyzer' | 'tessera';
  method: string;
  rawPath: string;
  rawQuery: string;
  headers: Record<string, string>;
  /** A whole body (hashed and signed), or a stream (sent as UNSIGNED-PAYLOAD), or nothing. */
  body?: Buffer | { stream: Readable; length: number };
}

/** Adds x-amz-date, the session token and the Authorization header. */
export function signCall(call: OutgoingCall, to: Loopback, creds: ConsoleCredentials, region: string, now: number): Record<string, string> {
  const amzDate = toAmzDate(now);
  const payloadHash = call.body === undefined ? EMPTY_SHA256 : Buffer.isBuffer(call.body) ? sha256Hex(call.body) : UNSIGNED_PAYLOAD;
  const headers: Record<string, string> = {
    ...call.headers,
    host: to.host,
    'x-amz-date': amzDate,
    'x-amz-security-token': creds.sessionToken,
  };
  if (call.service === 's3') headers['x-amz-content-sha256'] = payloadHash;
  const signed = Object.keys(headers)
    .map((h) => h.toLowerCase())
    .filter((h) => h === 'host' || h === 'content-type' || h.startsWith('x-amz-'))
    .sort();
  const canonical = getCanonicalRequest(
    { method: call.method, rawPath: call.rawPath, rawQuery: call.rawQuery, headers: Object.entries(headers), payloadHash },
    signed,
    { normalizePath: call.service !== 's3' },
  );
  const date = amzDate.slice(0, 8);
  const scope = getCredentialScope(date, region, call.service);
  const signature = computeSignature(getSigningKey(creds.secretAccessKey, date, region, call.service), getStringToSign(amzDate, scope, canonical));
  headers.authorization = `${SIGV4_ALGORITHM} Credential=${creds.accessKeyId}/${scope}, SignedHeaders=${signed.join(';')}, Signature=${signature}`;
  return headers;
}

/** Sends a signed call to the server itself; resolves with the response (to be piped or read). */
export function sendCall(call: OutgoingCall, to: Loopback, creds: ConsoleCredentials, region: string, now: number): Promise<IncomingMessage> {
  const headers = signCall(call, to, creds, region, now);
  if (Buffer.isBuffer(call.body)) headers['content-length'] = String(call.body.length);
  else if (call.body) headers['content-length'] = String(call.body.length);
  return new Promise((resolve, reject) => {
    const req = request(
      { hostname: to.hostname, port: to.port, method: call.method, path: call.rawPath + (call.rawQuery ? `?${call.rawQuery}` : ''), headers },
      resolve,
    );
    req.on('error', reject);
    if (call.body === undefined) req.end();
    else if (Buffer.isBuffer(call.body)) req.end(call.body);
    else call.body.stream.pipe(req);
  });
}

export function readAll(res: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    res.on('data', (c: Buffer) => chunks.push(c));
    res.on('end', () => resolve(Buffer.concat(chunks)));
    res.on('error', reject);
  });
}
