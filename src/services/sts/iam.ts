/**
 * What STS needs from IAM, behind one small adapter: roles (trust policy, MaxSessionDuration, id), the
 * policies of a role, managed policies by ARN (session PolicyArns), IAM users (federation), and MFA code
 * verification. iamAdapter.ts plugs IAM's own functions in (through IAM's door).
 */
import type { Caller } from '../../auth/caller.js';
import type { PrincipalPolicies } from '../../authz/authorize.js';
import type { SourcedPolicy } from '../../policy/index.js';
import type { RoleInfo } from '../iam/api.js';

/** IAM's RoleInfo (its door defines the one type), under the name STS's files import. */
export type { RoleInfo };

export interface MfaCheck {
  caller: Caller;
  serialNumber: string;
  tokenCode: string;
  now: number;
}

export interface StsIamAdapter {
  /** A role by ARN (path ignored as AWS ignores it when assuming); undefined when there is none. */
  findRole(roleArn: string): Promise<RoleInfo | undefined>;
  /**
   * The identity-based policies and permissions boundary of the role with unique id `id` (AROA...), which
   * a session carries; `principalGone` when no role has that id any more (deleted, or recreated).
   */
  rolePolicies(role: { accountId: string; arn: string; name: string; id?: string | undefined }): Promise<PrincipalPolicies>;
  /** A managed policy (customer or AWS managed) by ARN, compiled as a session policy; undefined if none. */
  managedSessionPolicy(arn: string): Promise<SourcedPolicy | undefined>;
  /** Checks an MFA code for the caller's device; throws AWS's AccessDenied on failure. Single use. */
  verifyMfa(check: MfaCheck): Promise<void>;
  /** Records that the role was assumed now (GetRole's RoleLastUsed); never fails the caller's request. */
  noteRoleUsed(role: RoleInfo, now: number): Promise<void>;
}
