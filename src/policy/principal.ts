// Principal / NotPrincipal (IAM User Guide, "AWS JSON policy elements: Principal").
//   "*" or {"AWS": "*"}               everyone, anonymous callers included
//   {"AWS": "123456789012"} / ":root" the account: any principal of it, which then also needs an
//                                      allow in its own identity-based policies (delegation)
//   user ARN, assumed-role session ARN, federated-user ARN: that principal directly
//   role ARN                           every session of the role ("role-level": still limited by
//                                      the session's permissions boundary and session policies)
//   {"Federated": provider}            SAML/OIDC callers of AssumeRoleWithSAML/WebIdentity
//   {"Service": "x.amazonaws.com"}     AWS service principals
//   {"CanonicalUser": id}              S3 canonical user ids
import { Messages, PolicyValidationError } from './errors.js';
import type { RequestPrincipal } from './request.js';

export interface PrincipalSpec {
  readonly any: boolean;
  readonly accounts: ReadonlySet<string>;
  readonly arns: ReadonlySet<string>;
  readonly federated: ReadonlySet<string>;
  readonly services: ReadonlySet<string>;
  readonly canonical: ReadonlySet<string>;
}

export const MATCH_NONE = 0;
/** The principal's account was named (delegation to the account's identity-based policies). */
export const MATCH_ACCOUNT = 1;
/** The role of a session (or the IAM user of a federated-user session) was named. */
export const MATCH_ROLE = 2;
/** The principal itself was named, or "*". */
export const MATCH_DIRECT = 3;
export type PrincipalMatch = 0 | 1 | 2 | 3;

const ACCOUNT = /^\d{12}$/;
const ROOT = /^arn:aws[a-z-]*:iam::(\d{12}):root$/;
const IAM_ENTITY = /^arn:aws[a-z-]*:iam::\d{12}:(user|role)\/[\w+=,.@\/-]+$/;
const STS_ENTITY = /^arn:aws[a-z-]*:sts::\d{12}:(assumed-role\/[\w+=,.@-]+\/[\w+=,.@-]+|federated-user\/[\w+=,.@-]+)$/;
const UNIQUE_ID = /^A[A-Z0-9]{15,127}$/;

function strings(field: string, value: unknown): string[] {
  const list = Array.isArray(value) ? value : [value];
  if (list.length === 0) throw new PolicyValidationError(Messages.syntax);
  for (const v of list) {
    if (typeof v !== 'string') throw new PolicyValidationError(Messages.syntax);
    if (v === '') throw new PolicyValidationError(Messages.principal(field, v), 'Principal');
  }
  return list as string[];
}

export function compilePrincipal(value: unknown): PrincipalSpec {
  const accounts = new Set<string>();
  const arns = new Set<string>();
  const federated = new Set<string>();
  const services = new Set<string>();
  const canonical = new Set<string>();
  let any = false;
  if (value === '*') any = true;
  else if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new PolicyValidationError(Messages.syntax);
  } else {
    const entries = Object.entries(value as Record<string, unknown>);
    if (entries.length === 0) throw new PolicyValidationError(Messages.syntax);
    for (const [field, raw] of entries) {
      const list = strings(field, raw);
      switch (field) {
        case 'AWS':
          for (const v of list) {
            let m: RegExpExecArray | null;
            if (v === '*') any = true;
            else if (ACCOUNT.test(v)) accounts.add(v);
            else if ((m = ROOT.exec(v))) accounts.add(m[1]!);
            else if (IAM_ENTITY.test(v) || STS_ENTITY.test(v) || UNIQUE_ID.test(v)) arns.add(v);
            else throw new PolicyValidationError(Messages.principal(field, v), 'Principal');
          }
          break;
        case 'Federated':
          for (const v of list) federated.add(v);
          break;
        case 'Service':
          for (const v of list) {
            if (v.includes('*')) throw new PolicyValidationError(Messages.principal(field, v), 'Principal');
            services.add(v);
          }
          break;
        case 'CanonicalUser':
          for (const v of list) canonical.add(v);
          break;
        default:
          throw new PolicyValidationError(Messages.principal(field, list[0]!), 'Principal');
      }
    }
  }
  return { any, accounts, arns, federated, services, canonical };
}

/** How strongly `spec` names `p` (0 = not at all). */
export function matchPrincipal(spec: PrincipalSpec, p: RequestPrincipal): PrincipalMatch {
  if (spec.any) return MATCH_DIRECT;
  switch (p.type) {
    case 'anonymous':
      return MATCH_NONE;
    case 'service':
      return spec.services.has(p.arn) ? MATCH_DIRECT : MATCH_NONE;
    case 'federated':
      return spec.federated.has(p.arn) ? MATCH_DIRECT : MATCH_NONE;
  }
  if (spec.arns.has(p.arn)) return MATCH_DIRECT;
  if (p.canonicalUserId !== undefined && spec.canonical.has(p.canonicalUserId)) return MATCH_DIRECT;
  if (p.type === 'assumed-role' && p.roleArn !== undefined && spec.arns.has(p.roleArn)) return MATCH_ROLE;
  if (p.type === 'federated-user' && p.userArn !== undefined && spec.arns.has(p.userArn)) return MATCH_ROLE;
  if (p.accountId !== undefined && spec.accounts.has(p.accountId)) {
    return p.type === 'root' ? MATCH_DIRECT : MATCH_ACCOUNT;
  }
  return MATCH_NONE;
}

/**
 * NotPrincipal (with Deny: the only effect AWS supports it with): the statement applies to every caller
 * except one whose every identity is listed. AWS validates "the account first, then the role, and then the
 * assumed-role user", so a user is excluded only with its account listed too, a role session only with its
 * session ARN, its role ARN and its account all listed; anonymous callers are never excluded. A Deny with
 * NotPrincipal always applies to a principal that has a permissions boundary (IAM User Guide, "AWS JSON
 * policy elements: NotPrincipal" and "Permissions boundaries for IAM entities").
 */
export function notPrincipalApplies(spec: PrincipalSpec, p: RequestPrincipal, isDeny: boolean, hasBoundary: boolean): boolean {
  if (isDeny && hasBoundary) return true;
  if (spec.any) return false;
  switch (p.type) {
    case 'anonymous':
      return true;
    case 'service':
      return !spec.services.has(p.arn);
    case 'federated':
      return !spec.federated.has(p.arn);
  }
  const canonical = p.canonicalUserId !== undefined && spec.canonical.has(p.canonicalUserId);
  const account = p.accountId !== undefined && spec.accounts.has(p.accountId);
  if (p.type === 'root') return !(account || canonical);
  if (!(spec.arns.has(p.arn) && (account || canonical))) return true;
  if (p.type === 'assumed-role' && p.roleArn !== undefined) return !spec.arns.has(p.roleArn);
  return false;
}
