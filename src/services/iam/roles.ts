/** Role helpers, and the lookup STS uses: getRole(deps, accountId, roleName). */
import type { Deps } from '../../server/deps.js';
import { getEntity } from '../../store/repos/iamEntities.js';
import { limitExceeded } from './errors.js';
import { parseTags, policySize, rowArn, validateDocument, type Tag } from './util.js';

export const TRUST_POLICY_MAX = 2048;

export function checkTrustPolicy(doc: string) {
  validateDocument(doc, 'trust');
  if (policySize(doc) > TRUST_POLICY_MAX) throw limitExceeded(`Cannot exceed quota for ACLSizePerRole: ${TRUST_POLICY_MAX}`);
}

export interface RoleInfo {
  accountId: string;
  roleId: string;
  roleName: string;
  path: string;
  arn: string;
  /** The trust policy as stored (not URL-encoded). */
  trustPolicy: string;
  maxSessionDuration: number;
  permissionsBoundaryArn?: string;
  tags: Tag[];
}

/** For STS: a role by name (case-insensitive, as IAM names are), or undefined. */
export async function getRole(deps: Deps, accountId: string, roleName: string): Promise<RoleInfo | undefined> {
  const r = await getEntity(deps.store.db, accountId, 'role', roleName);
  if (!r) return undefined;
  return {
    accountId: r.account_id,
    roleId: r.id,
    roleName: r.name,
    path: r.path,
    arn: rowArn(r),
    trustPolicy: r.trust_policy ?? '',
    maxSessionDuration: r.max_session_duration ?? 3600,
    ...(r.boundary_arn ? { permissionsBoundaryArn: r.boundary_arn } : {}),
    tags: parseTags(r.tags),
  };
}

/** For STS: records a role's last use, when it is assumed (RoleLastUsed in GetRole: LastUsedDate, Region). */
export async function noteRoleUsed(deps: Deps, roleId: string, now: number, region: string) {
  await deps.store.db.updateTable('iam_entities').set({ last_used_at: now, last_used_region: region }).where('id', '=', roleId).execute();
}
