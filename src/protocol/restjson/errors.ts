/**
 * restJson1 errors as the SDKs parse them (botocore's RestJSONParser, the JS SDK's loadRestJsonErrorCode):
 * the code in the `x-amzn-ErrorType` header (and `__type` in the body, for parsers that read only the body),
 * the message as the body's `message`, and the error shape's other members beside it (ValidationException's
 * `reason` and `fieldList`). The status is the error shape's `httpStatusCode`.
 *
 * The pipeline's shared errors (core/errors.ts) are named as the query protocol names them; JSON services
 * name the same conditions differently, so they are renamed here (AccessDenied → AccessDeniedException, a
 * bad signature → InvalidSignatureException, an unknown key → UnrecognizedClientException, ...).
 */
import { ServiceError } from '../../core/errors.js';

/** An error with structured members beside its message (lists and objects, not only strings). */
export class JsonServiceError extends ServiceError {
  constructor(code: string, message: string, status: number, readonly fields: Record<string, unknown> = {}) {
    super(code, message, status);
  }
}

/** The JSON services' names for the shared errors. */
const RENAMED: Readonly<Record<string, string>> = {
  AccessDenied: 'AccessDeniedException',
  ValidationError: 'ValidationException',
  InternalFailure: 'InternalServerException',
  Throttling: 'ThrottlingException',
  InvalidClientTokenId: 'UnrecognizedClientException',
  SignatureDoesNotMatch: 'InvalidSignatureException',
  IncompleteSignature: 'IncompleteSignatureException',
  MissingAuthenticationToken: 'MissingAuthenticationTokenException',
  ExpiredToken: 'ExpiredTokenException',
  RequestEntityTooLarge: 'RequestEntityTooLargeException',
  ServiceUnavailable: 'ServiceUnavailableException',
};

export const restJsonCode = (code: string): string => (Object.hasOwn(RENAMED, code) ? RENAMED[code]! : code);

export interface RestJsonError {
  contentType: string;
  body: string;
  headers: Record<string, string>;
}

export function encodeRestJsonError(e: ServiceError): RestJsonError {
  const code = restJsonCode(e.code);
  const fields: Record<string, unknown> = { ...(e.extra ?? {}), ...(e instanceof JsonServiceError ? e.fields : {}) };
  const headers: Record<string, string> = { ...(e.headers ?? {}), 'x-amzn-ErrorType': code };
  return { contentType: 'application/json', body: JSON.stringify({ __type: code, message: e.message, ...fields }), headers };
}

/** ValidationException as Smithy services send it: the message, a reason and the failing fields. */
export function validationException(message: string, reason: 'unknownOperation' | 'cannotParse' | 'fieldValidationFailed' | 'other' | 'notSupported', fieldList?: { name: string; message: string }[]): JsonServiceError {
  return new JsonServiceError('ValidationException', message, 400, fieldList ? { reason, fieldList } : { reason });
}

export const serializationException = (message: string): JsonServiceError => new JsonServiceError('SerializationException', message, 400);

export const unknownOperation = (): JsonServiceError => new JsonServiceError('UnknownOperationException', 'The requested operation is not recognized by the service.', 404);

export const internalServerException = (): JsonServiceError => new JsonServiceError('InternalServerException', 'We encountered an internal error. Please try again.', 500);
