import type { ServiceError } from '../../core/errors.js';
import { Errors } from '../../core/errors.js';
import { parseAmzDate, toAmzDate } from './amzDate.js';
import { computeSignature } from './computeSignature.js';
import { AuthErrors } from './errors.js';
import { getCanonicalRequest } from './getCanonicalRequest.js';
import { getSigningKey } from './getSigningKey.js';
import { getCredentialScope, getStringToSign } from './getStringToSign.js';
import { safeEqual } from './safeEqual.js';
import type { ParsedSignature, SignedRequest, SigningDialect } from './types.js';

/** AWS's allowed clock skew: 15 minutes either way. */
export const MAX_CLOCK_SKEW_MS = 15 * 60 * 1000;

export interface VerifyOptions {
  /** 's3' selects S3's canonicalisation (no path normalisation, single encoding) and S3's error codes. */
  dialect: SigningDialect;
  /** Override the path rules; default: normalise and double-encode unless S3. */
  normalizePath?: boolean;
  doubleEncode?: boolean;
  /** X-Amz-Security-Token was appended to the query after signing (not part of the signature). */
  omitSessionToken?: boolean;
  /** When given, the credential scope must name this region / service. */
  region?: string;
  service?: string;
  /** Default 15 minutes. */
  maxSkewMs?: number;
  /**
   * The host's real time (epoch ms) for the skew checks: the request time against it, within 15 minutes
   * (and a presigned URL not dated ahead of it). Default: `now`. `now` is the server's time, which a test
   * clock may move: a presigned URL's expiry (X-Amz-Date + X-Amz-Expires) is compared with it.
   */
  realNowMs?: number;
}

export type VerifyResult =
  | { ok: true; canonicalRequest: string; stringToSign: string; scope: string; signingKey: Buffer }
  | {
      ok: false;
      error: ServiceError;
      /** Present when the failure is a signature mismatch: AWS's S3 error echoes them (CanonicalRequest, StringToSign). */
      canonicalRequest?: string;
      stringToSign?: string;
    };

const fail = (error: ServiceError): VerifyResult => ({ ok: false, error });

/** Lower-case names of x-amz-* headers present but not signed (S3 refuses these). */
function unsignedAmzHeaders(req: SignedRequest, signed: ReadonlySet<string>): string[] {
  const out = new Set<string>();
  for (const [name] of req.headers) {
    const n = name.toLowerCase();
    if (n.startsWith('x-amz-') && !signed.has(n) && n !== 'x-amz-content-sha256') out.add(n);
  }
  return [...out];
}

/** Step 1: the credential scope must name this endpoint's region and service. */
function checkScope(parsed: ParsedSignature, opts: VerifyOptions, s3: boolean): ServiceError | undefined {
  if (opts.region !== undefined && parsed.region !== opts.region) {
    return s3
      ? AuthErrors.authorizationHeaderMalformed(`the region '${parsed.region}' is wrong; expecting '${opts.region}'`, { Region: opts.region })
      : Errors.signatureDoesNotMatch('Credential should be scoped to a valid region.');
  }
  if (opts.service !== undefined && parsed.service !== opts.service) {
    return s3
      ? AuthErrors.authorizationHeaderMalformed(`incorrect service "${parsed.service}". This endpoint belongs to "${opts.service}".`)
      : Errors.signatureDoesNotMatch(`Credential should be scoped to correct service: '${opts.service}'.`);
  }
  return undefined;
}

/** Step 2: host is always signed; for S3 every x-amz-* header present is too. */
function checkSignedHeaders(req: SignedRequest, parsed: ParsedSignature, s3: boolean): ServiceError | undefined {
  const signed = new Set(parsed.signedHeaders);
  if (!signed.has('host') && !signed.has(':authority')) {
    return s3
      ? AuthErrors.headersNotSigned(['host'])
      : Errors.incompleteSignature("'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.");
  }
  if (s3) {
    const unsigned = unsignedAmzHeaders(req, signed);
    if (unsigned.length > 0) return AuthErrors.headersNotSigned(unsigned);
  }
  return undefined;
}

/** Step 3a, presigned with X-Amz-Expires: not dated too far ahead (real time), and not past its expiry (server time). */
function checkPresignedWindow(parsed: ParsedSignature, reqMs: number, nowMs: number, realMs: number, maxSkew: number, s3: boolean): ServiceError | undefined {
  if (reqMs - realMs > maxSkew) {
    return s3
      ? AuthErrors.accessDenied('Request is not valid yet', { 'X-Amz-Date': parsed.amzDate, ServerTime: new Date(realMs).toISOString() })
      : Errors.signatureDoesNotMatch(
          `Signature not yet current: ${parsed.amzDate} is still later than ${toAmzDate(realMs + maxSkew)} (${toAmzDate(realMs)} + 15 min.)`,
        );
  }
  const expires = parsed.expires!;
  const expiresAt = reqMs + expires * 1000;
  if (nowMs > expiresAt) {
    return s3
      ? AuthErrors.accessDenied('Request has expired', {
          'X-Amz-Expires': String(expires),
          Expires: new Date(expiresAt).toISOString().replace(/\.\d{3}Z$/, 'Z'),
          ServerTime: new Date(nowMs).toISOString().replace(/\.\d{3}Z$/, 'Z'),
        })
      : Errors.signatureDoesNotMatch(
          `Signature expired: ${toAmzDate(expiresAt)} is now earlier than ${toAmzDate(nowMs)} (${parsed.amzDate} + ${expires} sec.)`,
        );
  }
  return undefined;
}

/** Step 3b, every other request: within the allowed clock skew either way. */
function checkClockSkew(parsed: ParsedSignature, reqMs: number, nowMs: number, maxSkew: number, s3: boolean): ServiceError | undefined {
  if (Math.abs(nowMs - reqMs) <= maxSkew) return undefined;
  if (s3) return AuthErrors.requestTimeTooSkewed(parsed.amzDate, toAmzDate(nowMs), maxSkew);
  return reqMs < nowMs
    ? Errors.signatureDoesNotMatch(
        `Signature expired: ${parsed.amzDate} is now earlier than ${toAmzDate(nowMs - maxSkew)} (${toAmzDate(nowMs)} - 15 min.)`,
      )
    : Errors.signatureDoesNotMatch(
        `Signature not yet current: ${parsed.amzDate} is still later than ${toAmzDate(nowMs + maxSkew)} (${toAmzDate(nowMs)} + 15 min.)`,
      );
}

/** Step 3: the request time (skew against the real time; a presigned URL's expiry against the server's time). */
function checkTime(parsed: ParsedSignature, nowMs: number, realMs: number, maxSkew: number, s3: boolean): ServiceError | undefined {
  const reqMs = parseAmzDate(parsed.amzDate);
  if (reqMs === undefined) return Errors.incompleteSignature(`Date must be in ISO-8601 'basic format'. Got '${parsed.amzDate}'.`);
  if (parsed.kind === 'query' && parsed.expires !== undefined) return checkPresignedWindow(parsed, reqMs, nowMs, realMs, maxSkew, s3);
  return checkClockSkew(parsed, reqMs, realMs, maxSkew, s3);
}

/** Step 4: recompute the signature and compare it in constant time. */
function checkSignature(req: SignedRequest, parsed: ParsedSignature, secret: string, opts: VerifyOptions, s3: boolean): VerifyResult {
  const normalizePath = opts.normalizePath ?? !s3;
  const canonicalRequest = getCanonicalRequest(req, parsed.signedHeaders, {
    normalizePath,
    doubleEncode: opts.doubleEncode ?? normalizePath,
    presigned: parsed.kind === 'query',
    omitSessionToken: opts.omitSessionToken ?? false,
  });
  const scope = getCredentialScope(parsed.date, parsed.region, parsed.service);
  const stringToSign = getStringToSign(parsed.amzDate, scope, canonicalRequest);
  const signingKey = getSigningKey(secret, parsed.date, parsed.region, parsed.service);
  const expected = computeSignature(signingKey, stringToSign);
  if (!safeEqual(expected, parsed.signature)) {
    return { ok: false, error: AuthErrors.signatureDoesNotMatch(opts.dialect), canonicalRequest, stringToSign };
  }
  return { ok: true, canonicalRequest, stringToSign, scope, signingKey };
}

/**
 * Recomputes the SigV4 signature of `req` with `secret` and compares it in constant time with the one the
 * client sent; checks the credential scope, the request time (15-minute skew against `opts.realNowMs`;
 * presigned expiry against `now`) and the
 * signed-header rules. Never throws for an authentication failure: it returns `{ ok: false, error }` so the
 * HTTP layer decides what to render (and whether to echo the canonical request and string to sign).
 */
export function verifySignature(
  req: SignedRequest,
  parsed: ParsedSignature,
  secret: string,
  now: Date,
  opts: VerifyOptions,
): VerifyResult {
  const s3 = opts.dialect === 's3';
  const refused =
    checkScope(parsed, opts, s3) ??
    checkSignedHeaders(req, parsed, s3) ??
    checkTime(parsed, now.getTime(), opts.realNowMs ?? now.getTime(), opts.maxSkewMs ?? MAX_CLOCK_SKEW_MS, s3);
  if (refused !== undefined) return fail(refused);
  return checkSignature(req, parsed, secret, opts, s3);
}
