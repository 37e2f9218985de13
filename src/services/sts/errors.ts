/** STS's errors, named and worded as AWS names and words them. */
import { ServiceError } from '../../core/errors.js';

export const StsErrors = {
  sessionCredentials: (operation: string) => new ServiceError('AccessDenied', `Cannot call ${operation} with session credentials`, 403),
  rootCannotAssumeRole: () => new ServiceError('AccessDenied', 'Roles may not be assumed by root accounts.', 403),
  mfaInvalidCode: () => new ServiceError('AccessDenied', 'MultiFactorAuthentication failed with invalid MFA one time pass code.', 403),
  mfaUnknownSerial: () =>
    new ServiceError(
      'AccessDenied',
      'MultiFactorAuthentication failed, unable to validate MFA code. Please verify your MFA serial number is valid and associated with this user.',
      403,
    ),
  mfaThrottled: () => new ServiceError('AccessDenied', 'MultiFactorAuthentication failed, too many failed attempts. Try again later.', 403),
  durationExceedsRoleMax: () =>
    new ServiceError('ValidationError', 'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.', 400),
  chainedDuration: () =>
    new ServiceError(
      'ValidationError',
      'The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.',
      400,
    ),
  malformedPolicy: (message: string) => new ServiceError('MalformedPolicyDocument', message, 400),
  packedPolicyTooLarge: (percent: number) =>
    new ServiceError('PackedPolicyTooLarge', `Packed size of consumed session policies and session tags exceeds the maximum allowed size by ${percent - 100}%.`, 400),
  invalidParameter: (message: string) => new ServiceError('InvalidParameterValue', message, 400),
  invalidAuthorizationMessage: () =>
    new ServiceError('InvalidAuthorizationMessageException', 'The encoded message provided is not valid.', 400),
};
