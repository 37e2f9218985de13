import { Errors } from '../../core/errors.js';
import { parseAmzDate } from './amzDate.js';
import { AuthErrors } from './errors.js';
import { SIGV4_ALGORITHM } from './getStringToSign.js';
import type { ParseOptions } from './parseAuthorizationHeader.js';
import { parseCredential } from './parseCredential.js';
import { getQueryParam, parseQuery } from './parseQuery.js';
import type { ParsedSignature, SignedRequest } from './types.js';

/** The longest presigned URL lifetime AWS accepts: 7 days. */
export const MAX_PRESIGNED_EXPIRES = 604800;

/**
 * Parses the presigned (query-string) form: X-Amz-Algorithm, X-Amz-Credential, X-Amz-Date, X-Amz-Expires,
 * X-Amz-SignedHeaders, X-Amz-Signature and optional X-Amz-Security-Token. S3 requires X-Amz-Expires; the
 * other services accept its absence (the request time is then held to the usual 15-minute window).
 */
export function parsePresignedQuery(req: SignedRequest, opts: ParseOptions): ParsedSignature {
  const s3 = opts.dialect === 's3';
  const q = parseQuery(req.rawQuery);
  const algorithm = getQueryParam(q, 'X-Amz-Algorithm');
  const credential = getQueryParam(q, 'X-Amz-Credential');
  const signature = getQueryParam(q, 'X-Amz-Signature');
  const signedHeadersRaw = getQueryParam(q, 'X-Amz-SignedHeaders');
  const amzDate = getQueryParam(q, 'X-Amz-Date');
  const expiresRaw = getQueryParam(q, 'X-Amz-Expires');
  const token = getQueryParam(q, 'X-Amz-Security-Token');

  if (s3) {
    if ([algorithm, credential, signature, signedHeadersRaw, amzDate, expiresRaw].some((v) => v === undefined))
      throw AuthErrors.authorizationQueryParametersError(
        'Query-string authentication version 4 requires the X-Amz-Algorithm, X-Amz-Credential, X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders, and X-Amz-Expires parameters.',
      );
  } else {
    const missing: string[] = [];
    for (const [name, v] of [
      ['X-Amz-Algorithm', algorithm],
      ['X-Amz-Credential', credential],
      ['X-Amz-Signature', signature],
      ['X-Amz-SignedHeaders', signedHeadersRaw],
      ['X-Amz-Date', amzDate],
    ] as const)
      if (v === undefined) missing.push(`AWS query-string parameters must include '${name}'.`);
    if (missing.length > 0) throw Errors.incompleteSignature(`${missing.join(' ')} Re-examine the query-string parameters.`);
  }

  if (algorithm !== SIGV4_ALGORITHM) {
    throw s3
      ? AuthErrors.authorizationQueryParametersError('X-Amz-Algorithm only supports "AWS4-HMAC-SHA256"')
      : Errors.incompleteSignature(`Unsupported AWS 'algorithm': '${algorithm}'.`);
  }
  if (parseAmzDate(amzDate!) === undefined) {
    throw s3
      ? AuthErrors.authorizationQueryParametersError(`X-Amz-Date must be in the ISO8601 Long Format "yyyyMMdd'T'HHmmss'Z'"`)
      : Errors.incompleteSignature(`Date must be in ISO-8601 'basic format'. Got '${amzDate}'. See http://en.wikipedia.org/wiki/ISO_8601`);
  }

  let expires: number | undefined;
  if (expiresRaw !== undefined) {
    const bad = (msg: string) =>
      s3 ? AuthErrors.authorizationQueryParametersError(msg) : Errors.incompleteSignature(msg);
    if (!/^-?\d+$/.test(expiresRaw)) throw bad('X-Amz-Expires should be a number');
    expires = Number(expiresRaw);
    if (expires < 0) throw bad('X-Amz-Expires must be non-negative');
    if (expires === 0) throw bad('X-Amz-Expires must be greater than 0');
    if (expires > MAX_PRESIGNED_EXPIRES)
      throw bad(`X-Amz-Expires must be less than a week (in seconds) that is ${MAX_PRESIGNED_EXPIRES}`);
  }

  const scope = parseCredential(credential!, opts.dialect, 'query');
  if (scope.date !== amzDate!.slice(0, 8)) {
    throw s3
      ? AuthErrors.authorizationQueryParametersError(
          `Invalid credential date "${scope.date}". This date is not the same as X-Amz-Date: "${amzDate!.slice(0, 8)}".`,
        )
      : Errors.signatureDoesNotMatch(
          `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${scope.date}' != '${amzDate!.slice(0, 8)}', from '${amzDate}'.`,
        );
  }
  const signedHeaders = signedHeadersRaw!.split(';').map((h) => h.trim().toLowerCase());
  if (signedHeaders.some((h) => h === '')) {
    throw s3
      ? AuthErrors.authorizationQueryParametersError('X-Amz-SignedHeaders is mal-formed.')
      : Errors.incompleteSignature("AWS query-string parameters must include 'X-Amz-SignedHeaders'. Re-examine the query-string parameters.");
  }
  if (!/^[0-9a-fA-F]{64}$/.test(signature!)) throw AuthErrors.signatureDoesNotMatch(opts.dialect);
  return {
    kind: 'query',
    ...scope,
    signedHeaders,
    signature: signature!.toLowerCase(),
    amzDate: amzDate!,
    ...(expires !== undefined ? { expires } : {}),
    ...(token !== undefined ? { securityToken: token } : {}),
  };
}
