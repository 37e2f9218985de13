import { Errors, ServiceError } from '../../core/errors.js';
import type { SigningDialect } from './types.js';

/**
 * Authentication errors as AWS names and words them. `query` is the IAM/STS (query protocol) family, `s3` is
 * S3's. Only codes that core/errors.ts lacks are constructed here.
 */
export const AuthErrors = {
  /** S3's SignatureDoesNotMatch wording differs from IAM/STS's. */
  signatureDoesNotMatch: (dialect: SigningDialect, message?: string): ServiceError =>
    dialect === 's3'
      ? new ServiceError(
          'SignatureDoesNotMatch',
          message ??
            'The request signature we calculated does not match the signature you provided. Check your key and signing method.',
          403,
        )
      : message === undefined
        ? Errors.signatureDoesNotMatch()
        : Errors.signatureDoesNotMatch(message),
  authorizationHeaderMalformed: (message: string, extra?: Record<string, string>): ServiceError =>
    new ServiceError('AuthorizationHeaderMalformed', `The authorization header is malformed; ${message}`, 400, extra ? { extra } : {}),
  authorizationQueryParametersError: (message: string, extra?: Record<string, string>): ServiceError =>
    new ServiceError('AuthorizationQueryParametersError', message, 400, extra ? { extra } : {}),
  invalidArgument: (message: string, name?: string, value?: string): ServiceError =>
    new ServiceError('InvalidArgument', message, 400, name !== undefined ? { extra: { ArgumentName: name, ArgumentValue: value ?? '' } } : {}),
  requestTimeTooSkewed: (requestTime: string, serverTime: string, maxSkewMs: number): ServiceError =>
    new ServiceError('RequestTimeTooSkewed', 'The difference between the request time and the current time is too large.', 403, {
      extra: { RequestTime: requestTime, ServerTime: serverTime, MaxAllowedSkewMilliseconds: String(maxSkewMs) },
    }),
  accessDenied: (message: string, extra?: Record<string, string>): ServiceError =>
    new ServiceError('AccessDenied', message, 403, extra ? { extra } : {}),
  headersNotSigned: (names: string[]): ServiceError =>
    new ServiceError('AccessDenied', 'There were headers present in the request which were not signed', 403, {
      extra: { HeadersNotSigned: names.join(', ') },
    }),
  xAmzContentSHA256Mismatch: (clientHash: string, computedHash: string): ServiceError =>
    new ServiceError('XAmzContentSHA256Mismatch', "The provided 'x-amz-content-sha256' header does not match what was computed.", 400, {
      extra: { ClientComputedContentSHA256: clientHash, S3ComputedContentSHA256: computedHash },
    }),
  invalidDigest: (message = 'The Content-MD5 or checksum value that you specified is not valid.'): ServiceError =>
    new ServiceError('InvalidDigest', message, 400),
  incompleteBody: (message = 'The request body terminated unexpectedly'): ServiceError =>
    new ServiceError('IncompleteBody', message, 400),
  invalidChunkSize: (chunk: number, badSize: number): ServiceError =>
    new ServiceError('InvalidChunkSizeError', 'Only the last chunk is allowed to have a size less than 8192 bytes', 403, {
      extra: { Chunk: String(chunk), BadChunkSize: String(badSize) },
    }),
  malformedChunk: (message = 'The chunked encoding of the request body is malformed.'): ServiceError =>
    new ServiceError('InvalidRequest', message, 400),
};
