/**
 * Plugs IAM's functions into STS's adapter (see iam.ts): roles from IAM's getRole (cached per
 * account until IAM publishes `iam:ACCOUNT`, and never longer than the store's cache TTL), IAM's
 * policiesForRole (by the role's unique id, which sessions carry) and managedDocument, and IAM's
 * verifyMfaCode (TOTP, one step either side, single use across processes through a conditional update),
 * and the role's last use (RoleLastUsed) through the usage recorder (batched, never awaited).
 */
import { parseArn } from '../../core/arn.js';
import { parsePolicy, type CompiledPolicy, type SourcedPolicy } from '../../policy/index.js';
import type { Deps } from '../../server/deps.js';
import { getRole, managedDocument, policiesForRole, verifyMfaCode, type RoleInfo } from '../iam/api.js';
import { ALL_TOPICS } from '../../store/store.js';
import { StsErrors } from './errors.js';
import type { StsIamAdapter } from './iam.js';

export function createIamAdapter(deps: Deps): StsIamAdapter {
  const roles = deps.store.cache<string, Promise<RoleInfo | undefined>>(50_000);
  /** Compiled session policies, keyed by their text: never stale. */
  const compiled = new Map<string, CompiledPolicy | null>();
  deps.store.onChange((topic) => {
    if (topic.startsWith('iam:')) {
      const prefix = topic.slice(4) + '|';
      roles.deleteWhere((k) => k.startsWith(prefix));
    } else if (topic === 'accounts' || topic === ALL_TOPICS) roles.clear();
  });

  return {
    findRole(roleArn) {
      const p = parseArn(roleArn);
      if (!p || p.service !== 'iam' || !p.resource.startsWith('role/')) return Promise.resolve(undefined);
      const name = p.resource.slice(p.resource.lastIndexOf('/') + 1);
      const key = `${p.account}|${name.toLowerCase()}`;
      let r = roles.get(key);
      if (!r) {
        r = getRole(deps, p.account, name);
        r.catch(() => roles.delete(key));
        roles.set(key, r);
      }
      return r;
    },
    // Bound to the role's unique id: a session of a deleted role is refused even once another role has its name.
    rolePolicies: (role) => (role.id ? policiesForRole(deps, role.accountId, role.id) : Promise.resolve({ identity: [], principalGone: true })),
    async managedSessionPolicy(arn): Promise<SourcedPolicy | undefined> {
      const doc = await managedDocument(deps, arn);
      if (doc === undefined) return undefined;
      let policy = compiled.get(doc);
      if (policy === undefined) {
        try {
          policy = parsePolicy(doc, 'session');
        } catch {
          policy = null;
        }
        if (compiled.size > 10_000) compiled.clear();
        compiled.set(doc, policy);
      }
      return policy ? { policy, source: { type: 'session', id: arn } } : undefined;
    },
    async verifyMfa({ caller, serialNumber, tokenCode, now }) {
      if (caller.type !== 'user' && caller.type !== 'root') throw StsErrors.mfaUnknownSerial();
      await verifyMfaCode(deps, {
        accountId: caller.accountId,
        ...(caller.type === 'root' ? { root: true } : { callerUserName: caller.userName }),
        serialNumber,
        code: tokenCode,
        now,
      });
    },
    async noteRoleUsed(role, now) {
      deps.usage?.noteRole(role.id, now, deps.config.region);
    },
  };
}
