/**
 * Signing a request with SigV4 (header form), from the same canonical-request and key functions the
 * verifier uses: for Tessera's own clients of its own APIs (the `tessera who-can` command).
 */
import { computeSignature } from './computeSignature.js';
import { toAmzDate } from './amzDate.js';
import { getCanonicalRequest } from './getCanonicalRequest.js';
import { getSigningKey } from './getSigningKey.js';
import { getCredentialScope, getStringToSign, SIGV4_ALGORITHM } from './getStringToSign.js';
import { sha256Hex } from './sha256Hex.js';

export interface SigningCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string | undefined;
}

/** The headers to send: the given ones, host, x-amz-date, the session token and Authorization. */
export function signHeaders(
  req: { method: string; host: string; rawPath: string; rawQuery: string; headers: Record<string, string>; body: string | Buffer },
  creds: SigningCredentials,
  region: string,
  service: string,
  now: number,
): Record<string, string> {
  const amzDate = toAmzDate(now);
  const payloadHash = sha256Hex(req.body);
  const headers: Record<string, string> = { ...req.headers, host: req.host, 'x-amz-date': amzDate };
  if (creds.sessionToken) headers['x-amz-security-token'] = creds.sessionToken;
  const signed = Object.keys(headers).map((h) => h.toLowerCase()).filter((h) => h === 'host' || h === 'content-type' || h.startsWith('x-amz-')).sort();
  const canonical = getCanonicalRequest({ method: req.method, rawPath: req.rawPath, rawQuery: req.rawQuery, headers: Object.entries(headers), payloadHash }, signed, { normalizePath: true });
  const date = amzDate.slice(0, 8);
  const scope = getCredentialScope(date, region, service);
  const signature = computeSignature(getSigningKey(creds.secretAccessKey, date, region, service), getStringToSign(amzDate, scope, canonical));
  headers.authorization = `${SIGV4_ALGORITHM} Credential=${creds.accessKeyId}/${scope}, SignedHeaders=${signed.join(';')}, Signature=${signature}`;
  return headers;
}
