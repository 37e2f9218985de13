/**
 * The one error model. Every failure that reaches a client is a ServiceError; only the protocol layer
 * renders it (query protocol <ErrorResponse>, S3 <Error>). Anything else that escapes a handler becomes
 * InternalFailure (query) / InternalError (S3) with nothing of its message sent to the client.
 */
export type ErrorType = 'Sender' | 'Receiver';

export class ServiceError extends Error {
  readonly code: string;
  readonly status: number;
  readonly type: ErrorType;
  /** Extra XML fields some S3 errors carry (e.g. BucketName, Key, AWSAccessKeyId). */
  readonly extra: Readonly<Record<string, string>> | undefined;
  /** Extra response headers (e.g. x-amz-bucket-region, Retry-After). */
  readonly headers: Readonly<Record<string, string>> | undefined;

  constructor(
    code: string,
    message: string,
    status = 400,
    opts: { type?: ErrorType; extra?: Record<string, string>; headers?: Record<string, string> } = {},
  ) {
    super(message);
    this.name = 'ServiceError';
    this.code = code;
    this.status = status;
    this.type = opts.type ?? (status >= 500 ? 'Receiver' : 'Sender');
    this.extra = opts.extra;
    this.headers = opts.headers;
  }
}

export const isServiceError = (e: unknown): e is ServiceError => e instanceof ServiceError;

/** Errors every service shares, named and worded as AWS names and words them. */
export const Errors = {
  accessDenied: (message = 'Access Denied') => new ServiceError('AccessDenied', message, 403),
  validation: (message: string) => new ServiceError('ValidationError', message, 400),
  invalidAction: (action: string) =>
    new ServiceError('InvalidAction', `Could not find operation ${action} for version`, 400),
  missingAction: () => new ServiceError('MissingAction', 'Missing Action', 400),
  missingAuthenticationToken: () =>
    new ServiceError('MissingAuthenticationToken', 'Request is missing Authentication Token', 403),
  incompleteSignature: (message: string) => new ServiceError('IncompleteSignature', message, 403),
  invalidClientTokenId: (message = 'The security token included in the request is invalid.') =>
    new ServiceError('InvalidClientTokenId', message, 403),
  signatureDoesNotMatch: (
    message = 'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
  ) => new ServiceError('SignatureDoesNotMatch', message, 403),
  expiredToken: (message = 'The security token included in the request is expired') =>
    new ServiceError('ExpiredToken', message, 400),
  internal: () => new ServiceError('InternalFailure', 'We encountered an internal error. Please try again.', 500),
  throttling: (message = 'Rate exceeded') => new ServiceError('Throttling', message, 400),
};
