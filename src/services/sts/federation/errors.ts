/** The errors of AssumeRoleWithSAML and AssumeRoleWithWebIdentity, with AWS's codes and statuses. */
import { ServiceError } from '../../../core/errors.js';

export const FederationErrors = {
  /** The token or assertion is not acceptable (signature, structure, audience, issuer, ...). */
  invalidToken: (message: string) => new ServiceError('InvalidIdentityToken', message, 400),
  /** The IdP said no (a SAML Response whose status is not Success). */
  rejectedClaim: (message: string) => new ServiceError('IDPRejectedClaim', message, 403),
  expired: (message: string) => new ServiceError('ExpiredTokenException', message, 400),
  idpCommunication: (message: string) => new ServiceError('IDPCommunicationError', message, 400),
  validation: (message: string) => new ServiceError('ValidationError', message, 400),
  notAuthorized: (action: string) => new ServiceError('AccessDenied', `Not authorized to perform ${action}`, 403),
  samlTooOld: () => new ServiceError('ExpiredTokenException', 'Token must be redeemed within 5 minutes of issuance', 400),
  signatureInvalid: () => new ServiceError('InvalidIdentityToken', 'Response signature invalid', 400),
  sessionName: () => new ServiceError('InvalidIdentityToken', 'RoleSessionName in AuthnResponse must match [a-zA-Z_0-9+=,.@-]{2,64}', 400),
};
