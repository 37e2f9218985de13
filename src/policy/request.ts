/** Who is asking and in what context: the request side of an evaluation (no policy types here). */

export type PrincipalType =
  | 'root'
  | 'user'
  | 'assumed-role'
  | 'federated-user'
  | 'anonymous'
  | 'service'
  | 'federated';

export interface RequestPrincipal {
  readonly type: PrincipalType;
  /**
   * root: arn:aws:iam::ACCOUNT:root; user: the user ARN (with path); assumed-role:
   * arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION; federated-user: arn:aws:sts::ACCOUNT:federated-user/NAME;
   * service: e.g. 'ec2.amazonaws.com'; federated (a SAML/OIDC caller of AssumeRoleWith*): the provider,
   * e.g. 'arn:aws:iam::ACCOUNT:saml-provider/X' or 'accounts.google.com'; anonymous: '*' or ''.
   */
  readonly arn: string;
  /** Account of the principal; absent for anonymous, service and federated callers. */
  readonly accountId?: string;
  /** assumed-role: the role ARN (with path) the session belongs to. */
  readonly roleArn?: string;
  /** federated-user: the ARN of the IAM user that called GetFederationToken. */
  readonly userArn?: string;
  /** S3 canonical user id of the principal's account, matched by Principal {"CanonicalUser": ...}. */
  readonly canonicalUserId?: string;
}

/** A normalized request context: lower-cased keys; each value a list (one element for single-valued keys). */
export type RequestContext = ReadonlyMap<string, readonly string[]>;
