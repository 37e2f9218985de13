/** Role helpers, and the lookup STS uses: getRole(deps, accountId, roleName). */
import type { Deps } from '../../server/deps.js';
import { limitExceeded } from './errors.js';
import { parseTags, policySize, rowArn, validateDocument, type Tag } from './util.js';

export const TRUST_POLICY_MAX = 2048;
const DEFAULT_MAX_SESSION = 3600;

export function checkTrustPolicy(doc: string) {
  validateDocument(doc, 'trust');
  if (policySize(doc) > TRUST_POLICY_MAX) throw limitExceeded(`Cannot exceed quota for ACLSizePerRole: ${TRUST_POLICY_MAX}`);
}

/** A role as STS sees it (the one RoleInfo; STS's adapter hands it around). */
export interface RoleInfo {
  accountId: string;
  /** arn:aws:iam::ACCOUNT:role/PATH/NAME */
  arn: string;
  name: string;
  /** AROA... */
  id: string;
  /** The trust policy document as stored (JSON text, not URL-encoded). */
  trustPolicy: string;
  /** Seconds (3,600–43,200). */
  maxSessionDuration: number;
  /** The role's tags: aws:ResourceTag / iam:ResourceTag of sts:AssumeRole* on it. */
  tags: Tag[];
}

/** For STS: a role by name (case-insensitive, as IAM names are), or undefined (none, or no trust policy). */
export async function getRole(deps: Deps, accountId: string, roleName: string): Promise<RoleInfo | undefined> {
  const r = await deps.store.repos.entities.get(accountId, 'role', roleName);
  if (!r || r.kind !== 'role' || !r.trust_policy) return undefined;
  return {
    accountId,
    arn: rowArn(r),
    name: r.name,
    id: r.id,
    trustPolicy: r.trust_policy,
    maxSessionDuration: r.max_session_duration ?? DEFAULT_MAX_SESSION,
    tags: parseTags(r.tags),
  };
}
