import { Errors } from '../../core/errors.js';
import { parseAmzDate, parseHttpDate, toAmzDate } from './amzDate.js';
import { AuthErrors } from './errors.js';
import { getHeader } from './getHeader.js';
import { SIGV4_ALGORITHM } from './getStringToSign.js';
import { parseCredential } from './parseCredential.js';
import type { ParsedSignature, SignedRequest, SigningDialect } from './types.js';

export interface ParseOptions {
  /** 's3' for S3's error codes and words, 'query' for IAM/STS. */
  dialect: SigningDialect;
}

/**
 * Parses `Authorization: AWS4-HMAC-SHA256 Credential=AKID/date/region/service/aws4_request,
 * SignedHeaders=a;b, Signature=hex` plus the request time (X-Amz-Date, else Date) and X-Amz-Security-Token.
 * Throws ServiceError worded as AWS words it. Does not check the signature, the clock or the scope.
 */
export function parseAuthorizationHeader(req: SignedRequest, opts: ParseOptions): ParsedSignature {
  const s3 = opts.dialect === 's3';
  const header = getHeader(req.headers, 'authorization');
  if (header === undefined) throw Errors.missingAuthenticationToken();
  const value = header.trim();
  const sp = value.indexOf(' ');
  const algorithm = sp < 0 ? value : value.slice(0, sp);
  if (algorithm !== SIGV4_ALGORITHM) {
    throw s3
      ? AuthErrors.invalidArgument('Unsupported Authorization Type', 'Authorization', header)
      : Errors.incompleteSignature(`Unsupported AWS 'algorithm': '${algorithm}'.`);
  }
  const fields = new Map<string, string>();
  for (const raw of (sp < 0 ? '' : value.slice(sp + 1)).split(',')) {
    const item = raw.trim();
    if (item === '') continue;
    const eq = item.indexOf('=');
    if (eq < 0) {
      throw s3
        ? AuthErrors.authorizationHeaderMalformed(`the Authorization header component "${item}" is mal-formed.`)
        : Errors.incompleteSignature(`'${item}' not a valid key=value pair (missing equal-sign) in Authorization header: '${header}'.`);
    }
    const key = item.slice(0, eq).trim();
    if (!fields.has(key)) fields.set(key, item.slice(eq + 1).trim());
  }

  const amzDateHeader = getHeader(req.headers, 'x-amz-date');
  const dateHeader = getHeader(req.headers, 'date');
  const credential = fields.get('Credential');
  const signedHeadersRaw = fields.get('SignedHeaders');
  const signature = fields.get('Signature');

  const missing: string[] = [];
  if (credential === undefined) missing.push("Authorization header requires 'Credential' parameter.");
  if (signature === undefined) missing.push("Authorization header requires 'Signature' parameter.");
  if (signedHeadersRaw === undefined) missing.push("Authorization header requires 'SignedHeaders' parameter.");
  if (amzDateHeader === undefined && dateHeader === undefined)
    missing.push("Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.");
  if (missing.length > 0) {
    if (s3) {
      if (credential === undefined || signature === undefined || signedHeadersRaw === undefined)
        throw AuthErrors.authorizationHeaderMalformed(
          'the Authorization header requires the Credential, SignedHeaders and Signature components.',
        );
      throw AuthErrors.accessDenied('AWS authentication requires a valid Date or x-amz-date header');
    }
    throw Errors.incompleteSignature(`${missing.join(' ')} Authorization=${header}`);
  }

  // Request time: X-Amz-Date wins over Date.
  let amzDate: string;
  if (amzDateHeader !== undefined) {
    const t = amzDateHeader.trim();
    if (parseAmzDate(t) === undefined) {
      throw s3
        ? AuthErrors.accessDenied('AWS authentication requires a valid Date or x-amz-date header')
        : Errors.incompleteSignature(`Date must be in ISO-8601 'basic format'. Got '${t}'. See http://en.wikipedia.org/wiki/ISO_8601`);
    }
    amzDate = t;
  } else {
    const ms = parseHttpDate(dateHeader!.trim());
    if (ms === undefined) {
      throw s3
        ? AuthErrors.accessDenied('AWS authentication requires a valid Date or x-amz-date header')
        : Errors.incompleteSignature(`Date must be in ISO-8601 'basic format'. Got '${dateHeader}'. See http://en.wikipedia.org/wiki/ISO_8601`);
    }
    amzDate = toAmzDate(ms);
  }

  const scope = parseCredential(credential!, opts.dialect, 'header');
  if (scope.date !== amzDate.slice(0, 8)) {
    throw s3
      ? AuthErrors.authorizationHeaderMalformed('Invalid credential date. Date is not the same as X-Amz-Date.')
      : Errors.signatureDoesNotMatch(
          `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${scope.date}' != '${amzDate.slice(0, 8)}', from '${amzDate}'.`,
        );
  }

  const signedHeaders = signedHeadersRaw!.split(';').map((h) => h.trim().toLowerCase());
  if (signedHeaders.some((h) => h === '')) {
    throw s3
      ? AuthErrors.authorizationHeaderMalformed('the SignedHeaders component is mal-formed.')
      : Errors.incompleteSignature(`Authorization header requires 'SignedHeaders' parameter. Authorization=${header}`);
  }
  if (!/^[0-9a-fA-F]{64}$/.test(signature!)) {
    // A signature of the wrong shape can never match: report it as AWS does, a mismatch.
    throw AuthErrors.signatureDoesNotMatch(opts.dialect);
  }
  const token = getHeader(req.headers, 'x-amz-security-token');
  return {
    kind: 'header',
    ...scope,
    signedHeaders,
    signature: signature!.toLowerCase(),
    amzDate,
    ...(token !== undefined ? { securityToken: token.trim() } : {}),
  };
}
