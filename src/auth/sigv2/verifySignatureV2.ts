import type { ServiceError } from '../../core/errors.js';
import { toAmzDate } from '../sigv4/amzDate.js';
import { AuthErrors } from '../sigv4/errors.js';
import { safeEqual } from '../sigv4/safeEqual.js';
import { MAX_CLOCK_SKEW_MS } from '../sigv4/verifySignature.js';
import { computeSignatureV2 } from './computeSignatureV2.js';
import { getStringToSignV2 } from './getStringToSignV2.js';
import type { ParsedSignatureV2, SignedRequest } from './types.js';

export interface VerifyV2Options {
  /** Virtual-hosted-style request: the bucket taken from the Host header. */
  virtualHostBucket?: string;
  maxSkewMs?: number;
  /** The host's real time (epoch ms) for the header form's skew check; default `now` (the server's time, for Expires). */
  realNowMs?: number;
}

export type VerifyV2Result =
  | { ok: true; stringToSign: string }
  | { ok: false; error: ServiceError; stringToSign?: string };

const isoSeconds = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

/**
 * Verifies an S3 SigV2 signature (HMAC-SHA1, base64), header or query form, in constant time; checks the
 * 15-minute skew against the real time (header form) or the Expires time against the server's time (query form).
 */
export function verifySignatureV2(
  req: SignedRequest,
  parsed: ParsedSignatureV2,
  secret: string,
  now: Date,
  opts: VerifyV2Options = {},
): VerifyV2Result {
  const nowMs = now.getTime();
  if (parsed.kind === 'query') {
    const expiresMs = parsed.expires! * 1000;
    if (nowMs > expiresMs) {
      return {
        ok: false,
        error: AuthErrors.accessDenied('Request has expired', { Expires: isoSeconds(expiresMs), ServerTime: isoSeconds(nowMs) }),
      };
    }
  } else {
    const maxSkew = opts.maxSkewMs ?? MAX_CLOCK_SKEW_MS;
    const realMs = opts.realNowMs ?? nowMs;
    if (Math.abs(realMs - parsed.requestTime!) > maxSkew) {
      return { ok: false, error: AuthErrors.requestTimeTooSkewed(new Date(parsed.requestTime!).toUTCString(), toAmzDate(realMs), maxSkew) };
    }
  }
  const stringToSign = getStringToSignV2(req, {
    ...(parsed.kind === 'query' ? { expires: String(parsed.expires) } : {}),
    ...(opts.virtualHostBucket !== undefined ? { virtualHostBucket: opts.virtualHostBucket } : {}),
  });
  // A path-style request on the bucket itself (`GET /bucket?acl`): SDKs sign the resource as `/bucket/`
  // (the bucket's root, as the virtual-hosted form of the same request is signed), S3 accepts either spelling.
  const bucketRoot = opts.virtualHostBucket === undefined && /^\/[^/]+$/.test(req.rawPath);
  const matches = [stringToSign, ...(bucketRoot ? [getStringToSignV2({ ...req, rawPath: req.rawPath + '/' }, parsed.kind === 'query' ? { expires: String(parsed.expires) } : {})] : [])]
    .map((s) => safeEqual(computeSignatureV2(secret, s), parsed.signature));
  if (!matches.includes(true)) {
    return { ok: false, error: AuthErrors.signatureDoesNotMatch('s3'), stringToSign };
  }
  return { ok: true, stringToSign };
}
