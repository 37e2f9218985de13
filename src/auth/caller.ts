/**
 * Who is calling: the authenticated principal as the rest of the pipeline sees it. Built once per request by
 * authentication; the request context and the authorizer read it, handlers never re-derive it.
 */
export type PrincipalType = 'root' | 'user' | 'assumed-role' | 'federated-user' | 'anonymous';

/** What a temporary credential carries (sealed inside its session token). */
export interface SessionInfo {
  /** GetSessionToken, AssumeRole, AssumeRoleWithSAML, AssumeRoleWithWebIdentity, GetFederationToken. */
  issuedBy: string;
  issuedAt: number; // epoch ms
  expiresAt: number; // epoch ms
  /** Epoch ms of the MFA authentication, when the session was created with MFA. */
  mfaAuthTime?: number;
  /** How many role hops led here (role chaining caps sessions at one hour). */
  chainDepth?: number;
  /** The principal that obtained the session (for GetSessionToken: the user or root itself). */
  sourceArn?: string;
  /** GetFederationToken: the IAM user behind the federated user (its AIDA id and name). */
  sourceUserId?: string;
  sourceUserName?: string;
  sessionPolicy?: string;
  sessionPolicyArns?: string[];
  tags?: Record<string, string>;
  transitiveTagKeys?: string[];
  sourceIdentity?: string;
  /** Extra condition keys the issuing call established (saml:*, OIDC claims, ...). */
  contextKeys?: Record<string, string | string[]>;
}

export interface Caller {
  type: PrincipalType;
  accountId: string;
  /** arn:aws:iam::ACCOUNT:root, ...:user/PATH/NAME, arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION, ... */
  arn: string;
  /** GetCallerIdentity's UserId: the account id for root, AIDA... for users, AROA...:SESSION for roles. */
  userId: string;
  accessKeyId?: string;
  /** IAM users: the user name (aws:username); federated users: the name. */
  userName?: string;
  /** Role sessions: the role. */
  roleArn?: string;
  roleName?: string;
  roleId?: string;
  sessionName?: string;
  /** Temporary credentials only. */
  session?: SessionInfo;
}

export const anonymousCaller = (): Caller => ({ type: 'anonymous', accountId: '', arn: '*', userId: 'anonymous' });
