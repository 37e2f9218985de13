/**
 * A permission check as data: what an operation declares it needs (services/<service>/operations/*) and what
 * authorize() decides. It lives here, below the services, so the authorizer never imports a service.
 */
import type { RequestPrincipal } from '../policy/index.js';
import type { RequestContextValues } from './context.js';

export interface AuthzCheck {
  /** 'iam:CreateUser', 'sts:AssumeRole', 's3:GetObject' */
  action: string;
  /** The resource ARN, or '*' for actions that take no resource. */
  resource: string;
  /** Operation-specific condition keys (e.g. sts:ExternalId, s3:prefix). */
  context?: RequestContextValues;
  /** The resource's owning account when it is not the caller's (cross-account rules apply). */
  resourceAccountId?: string;
  /** A resource-based policy that takes part in the decision (bucket policy, role trust policy). */
  resourcePolicy?: { document: string; id: string };
  /** 'trust': the resource policy is a role trust policy evaluated for sts:AssumeRole*. */
  kind?: 'identity' | 'trust';
  /**
   * Evaluate for this principal instead of the caller, with no identity-side policies: the identity
   * provider of an unsigned AssumeRoleWithSAML / AssumeRoleWithWebIdentity ({type: 'federated'}).
   */
  principal?: RequestPrincipal;
  /** AWS's wording of the refusal where it is not the engine's explained message. */
  deniedMessage?: string;
}
