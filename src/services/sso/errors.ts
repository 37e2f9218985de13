/**
 * Identity Center's errors as its services name them. OIDC (sso-oidc) errors carry the OAuth error code in
 * `error` and a text in `error_description` (their model's members); the portal's and the administration
 * APIs' a `message`.
 */
import { ServiceError } from '../../core/errors.js';

const oidc = (code: string, error: string, description: string, status = 400) =>
  new ServiceError(code, description, status, { extra: { error, error_description: description } });

export const OidcErrors = {
  invalidRequest: (d: string) => oidc('InvalidRequestException', 'invalid_request', d),
  invalidClient: (d = 'Invalid client') => oidc('InvalidClientException', 'invalid_client', d, 401),
  invalidGrant: (d = 'Invalid grant provided') => oidc('InvalidGrantException', 'invalid_grant', d),
  unsupportedGrantType: (d: string) => oidc('UnsupportedGrantTypeException', 'unsupported_grant_type', d),
  invalidClientMetadata: (d: string) => oidc('InvalidClientMetadataException', 'invalid_client_metadata', d),
  invalidScope: (d: string) => oidc('InvalidScopeException', 'invalid_scope', d),
  authorizationPending: () => oidc('AuthorizationPendingException', 'authorization_pending', 'Authorization is still pending'),
  slowDown: () => oidc('SlowDownException', 'slow_down', 'Client is polling too fast: wait the interval between requests'),
  accessDenied: () => oidc('AccessDeniedException', 'access_denied', 'The user denied the authorization request'),
  expiredToken: () => oidc('ExpiredTokenException', 'expired_token', 'Device code has expired'),
};

export const PortalErrors = {
  unauthorized: () => new ServiceError('UnauthorizedException', 'Session token not found or invalid', 401),
  notFound: (m = 'No access') => new ServiceError('ResourceNotFoundException', m, 404),
  forbidden: (m = 'No access') => new ServiceError('ForbiddenException', m, 403),
  invalidRequest: (m: string) => new ServiceError('InvalidRequestException', m, 400),
};

export const AdminErrors = {
  validation: (m: string) => new ServiceError('ValidationException', m, 400),
  notFound: (m: string) => new ServiceError('ResourceNotFoundException', m, 400),
  conflict: (m: string) => new ServiceError('ConflictException', m, 400),
  quota: (m: string) => new ServiceError('ServiceQuotaExceededException', m, 400),
};
