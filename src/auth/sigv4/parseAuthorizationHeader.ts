import { Errors, type ServiceError } from '../../core/errors.js';
import { parseAmzDate, parseHttpDate, toAmzDate } from './amzDate.js';
import { AuthErrors } from './errors.js';
import { getHeader } from './getHeader.js';
import { SIGV4_ALGORITHM } from './getStringToSign.js';
import { parseCredential, type CredentialScope } from './parseCredential.js';
import type { ParsedSignature, SignedRequest, SigningDialect } from './types.js';

export interface ParseOptions {
  /** 's3' for S3's error codes and words, 'query' for IAM/STS. */
  dialect: SigningDialect;
}

type Fail = (s3Error: () => ServiceError, queryError: () => ServiceError) => ServiceError;

/** Picks S3's refusal or IAM/STS's, by dialect. */
const failFor =
  (s3: boolean): Fail =>
  (s3Error, queryError) =>
    s3 ? s3Error() : queryError();

/** Step 1: the algorithm word; returns the rest of the header (the comma-separated components). */
function readAlgorithm(header: string, fail: Fail): string {
  const value = header.trim();
  const sp = value.indexOf(' ');
  const algorithm = sp < 0 ? value : value.slice(0, sp);
  if (algorithm !== SIGV4_ALGORITHM) {
    throw fail(
      () => AuthErrors.invalidArgument('Unsupported Authorization Type', 'Authorization', header),
      () => Errors.incompleteSignature(`Unsupported AWS 'algorithm': '${algorithm}'.`),
    );
  }
  return sp < 0 ? '' : value.slice(sp + 1);
}

/** Step 2: `key=value` components; the first occurrence of a key wins. */
function readComponents(rest: string, header: string, fail: Fail): Map<string, string> {
  const fields = new Map<string, string>();
  for (const raw of rest.split(',')) {
    const item = raw.trim();
    if (item === '') continue;
    const eq = item.indexOf('=');
    if (eq < 0) {
      throw fail(
        () => AuthErrors.authorizationHeaderMalformed(`the Authorization header component "${item}" is mal-formed.`),
        () =>
          Errors.incompleteSignature(`'${item}' not a valid key=value pair (missing equal-sign) in Authorization header: '${header}'.`),
      );
    }
    const key = item.slice(0, eq).trim();
    if (!fields.has(key)) fields.set(key, item.slice(eq + 1).trim());
  }
  return fields;
}

interface RequiredParts {
  credential: string;
  signedHeadersRaw: string;
  signature: string;
  amzDateHeader: string | undefined;
  dateHeader: string | undefined;
}

/** Step 3: Credential, SignedHeaders, Signature and a request time (X-Amz-Date or Date) must all be there. */
function requireParts(req: SignedRequest, fields: Map<string, string>, header: string, s3: boolean): RequiredParts {
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
  return { credential: credential!, signedHeadersRaw: signedHeadersRaw!, signature: signature!, amzDateHeader, dateHeader };
}

/** Step 4: the request time, ISO 8601 basic. X-Amz-Date wins over Date. */
function readRequestTime(amzDateHeader: string | undefined, dateHeader: string | undefined, fail: Fail): string {
  const refuse = (got: string) =>
    fail(
      () => AuthErrors.accessDenied('AWS authentication requires a valid Date or x-amz-date header'),
      () => Errors.incompleteSignature(`Date must be in ISO-8601 'basic format'. Got '${got}'. See http://en.wikipedia.org/wiki/ISO_8601`),
    );
  if (amzDateHeader !== undefined) {
    const t = amzDateHeader.trim();
    if (parseAmzDate(t) === undefined) throw refuse(t);
    return t;
  }
  const ms = parseHttpDate(dateHeader!.trim());
  if (ms === undefined) throw refuse(dateHeader!);
  return toAmzDate(ms);
}

/** Step 5: the credential scope, whose date must be the request time's day. */
function readScope(credential: string, amzDate: string, dialect: SigningDialect, fail: Fail): CredentialScope {
  const scope = parseCredential(credential, dialect, 'header');
  if (scope.date !== amzDate.slice(0, 8)) {
    throw fail(
      () => AuthErrors.authorizationHeaderMalformed('Invalid credential date. Date is not the same as X-Amz-Date.'),
      () =>
        Errors.signatureDoesNotMatch(
          `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${scope.date}' != '${amzDate.slice(0, 8)}', from '${amzDate}'.`,
        ),
    );
  }
  return scope;
}

/** Step 6: SignedHeaders as lower-case names, none empty. */
function readSignedHeaders(raw: string, header: string, fail: Fail): string[] {
  const signedHeaders = raw.split(';').map((h) => h.trim().toLowerCase());
  if (signedHeaders.some((h) => h === '')) {
    throw fail(
      () => AuthErrors.authorizationHeaderMalformed('the SignedHeaders component is mal-formed.'),
      () => Errors.incompleteSignature(`Authorization header requires 'SignedHeaders' parameter. Authorization=${header}`),
    );
  }
  return signedHeaders;
}

/**
 * Parses `Authorization: AWS4-HMAC-SHA256 Credential=AKID/date/region/service/aws4_request,
 * SignedHeaders=a;b, Signature=hex` plus the request time (X-Amz-Date, else Date) and X-Amz-Security-Token.
 * Throws ServiceError worded as AWS words it. Does not check the signature, the clock or the scope.
 */
export function parseAuthorizationHeader(req: SignedRequest, opts: ParseOptions): ParsedSignature {
  const s3 = opts.dialect === 's3';
  const fail = failFor(s3);
  const header = getHeader(req.headers, 'authorization');
  if (header === undefined) throw Errors.missingAuthenticationToken();
  const fields = readComponents(readAlgorithm(header, fail), header, fail);
  const parts = requireParts(req, fields, header, s3);
  const amzDate = readRequestTime(parts.amzDateHeader, parts.dateHeader, fail);
  const scope = readScope(parts.credential, amzDate, opts.dialect, fail);
  const signedHeaders = readSignedHeaders(parts.signedHeadersRaw, header, fail);
  // A signature of the wrong shape can never match: report it as AWS does, a mismatch.
  if (!/^[0-9a-fA-F]{64}$/.test(parts.signature)) throw AuthErrors.signatureDoesNotMatch(opts.dialect);
  const token = getHeader(req.headers, 'x-amz-security-token');
  return {
    kind: 'header',
    ...scope,
    signedHeaders,
    signature: parts.signature.toLowerCase(),
    amzDate,
    ...(token !== undefined ? { securityToken: token.trim() } : {}),
  };
}
