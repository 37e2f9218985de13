/**
 * The policy provider: a caller's identity policies (user inline + attached managed + its groups' inline +
 * attached; a role's inline + attached), its permissions boundary, and a session's policies, compiled with
 * the policy engine and cached. Any IAM change in an account publishes `iam:ACCOUNT`, which drops that
 * account's cached sets here and, on PostgreSQL, in every other process; no set is served older than the
 * store's cache TTL, so a change whose notification was lost applies within it.
 *
 * The set carries the principal's own tags (aws:PrincipalTag/<key>): TagUser / TagRole publish `iam:ACCOUNT`
 * like every IAM change, so a tag change applies to the next request.
 *
 * Principals are found by their unique id (AIDA... for users, AROA... for roles), never by name: a session
 * of a role (or user) that was deleted gets `principalGone` — refused everything — even when another role
 * now has the same name, as on AWS.
 */
import type { Caller } from '../../auth/caller.js';
import type { PrincipalPolicies } from '../../authz/authorize.js';
import { principalTagContext } from '../../authz/context.js';
import { emptyPolicy, parsePolicy, type CompiledPolicy, type PolicyKind, type SourcedPolicy } from '../../policy/index.js';
import type { Deps } from '../../server/deps.js';
import type { IamEntitiesTable } from '../../store/schema-iam.js';
import { ALL_TOPICS } from '../../store/store.js';
import type { TtlMap } from '../../store/ttlMap.js';
import { managedDocument } from './lookups.js';
import { parseTags, rowArn } from './util.js';

const EMPTY: PrincipalPolicies = { identity: [] };
/** The principal the credentials stand for no longer exists. */
const GONE: PrincipalPolicies = { identity: [], principalGone: true };

export class IamPolicyCache {
  /** Compiled documents, keyed by their text: never stale. */
  private readonly compiled = new Map<string, CompiledPolicy | null>();
  private readonly sets: TtlMap<string, Promise<PrincipalPolicies>>;

  constructor(private readonly deps: Deps) {
    this.sets = deps.store.cache(50_000);
    deps.store.onChange((topic) => {
      if (topic.startsWith('iam:')) {
        const prefix = topic.slice(4) + '|';
        this.sets.deleteWhere((k) => k.startsWith(prefix));
      } else if (topic === 'accounts' || topic === ALL_TOPICS) this.sets.clear();
    });
  }

  /** Compiles a stored document; one that no longer parses (it was validated when stored) applies as nothing. */
  compile(text: string, kind: PolicyKind): CompiledPolicy | null {
    const key = kind + '\u0000' + text;
    let p = this.compiled.get(key);
    if (p === undefined) {
      try {
        p = parsePolicy(text, kind);
      } catch {
        p = null;
      }
      if (this.compiled.size > 20_000) this.compiled.clear();
      this.compiled.set(key, p);
    }
    return p;
  }

  private async managed(arn: string, kind: PolicyKind): Promise<SourcedPolicy | undefined> {
    const doc = await managedDocument(this.deps, arn);
    const policy = doc === undefined ? null : this.compile(doc, kind);
    if (!policy) return undefined;
    return { policy, source: { type: kind === 'boundary' ? 'permissions boundary' : 'identity-based', id: arn } };
  }

  private async entityPolicies(row: IamEntitiesTable, out: SourcedPolicy[]) {
    const policies = this.deps.store.repos.policies;
    const arn = rowArn(row);
    for (const p of await policies.inlineOf(row.id)) {
      const policy = this.compile(p.document, 'identity');
      if (policy) out.push({ policy, source: { type: 'identity-based', id: `${arn}/inline/${p.name}` } });
    }
    for (const a of await policies.attachmentsOf(row.id)) {
      const sp = await this.managed(a.policy_arn, 'identity');
      if (sp) out.push(sp);
    }
  }

  private async build(row: IamEntitiesTable | undefined): Promise<PrincipalPolicies> {
    if (!row) return GONE;
    const principalTags = principalTagContext(parseTags(row.tags));
    const tagged = <T extends PrincipalPolicies>(p: T): T => (principalTags ? { ...p, principalTags } : p);
    const identity: SourcedPolicy[] = [];
    await this.entityPolicies(row, identity);
    if (row.kind === 'user') for (const g of await this.deps.store.repos.entities.groupsOfUser(row.id)) await this.entityPolicies(g, identity);
    const boundary = row.boundary_arn ? await this.managed(row.boundary_arn, 'boundary') : undefined;
    // A boundary that no longer exists still limits: an empty boundary allows nothing.
    if (row.boundary_arn && !boundary) {
      return tagged({ identity, boundary: { policy: emptyPolicy('boundary'), source: { type: 'permissions boundary', id: row.boundary_arn } } });
    }
    return tagged(boundary ? { identity, boundary } : { identity });
  }

  private cached(key: string, load: () => Promise<PrincipalPolicies>): Promise<PrincipalPolicies> {
    let p = this.sets.get(key);
    if (!p) {
      p = load();
      p.catch(() => this.sets.delete(key));
      this.sets.set(key, p);
    }
    return p;
  }

  forUserId(accountId: string, userId: string): Promise<PrincipalPolicies> {
    return this.cached(`${accountId}|user|${userId}`, async () => {
      const row = await this.deps.store.repos.entities.getById(userId);
      return this.build(row && row.account_id === accountId && row.kind === 'user' ? row : undefined);
    });
  }

  /** A role's policies by its unique id (AROA...): what a role session is bound to. */
  forRoleId(accountId: string, roleId: string): Promise<PrincipalPolicies> {
    return this.cached(`${accountId}|role|${roleId}`, async () => {
      const row = await this.deps.store.repos.entities.getById(roleId);
      return this.build(row && row.account_id === accountId && row.kind === 'role' ? row : undefined);
    });
  }

  /** Session policies (inline Policy and PolicyArns) of temporary credentials, when the session has any. */
  private async sessionPolicies(caller: Caller): Promise<SourcedPolicy[] | undefined> {
    const s = caller.session;
    if (!s || (s.sessionPolicy === undefined && !s.sessionPolicyArns?.length)) return undefined;
    const out: SourcedPolicy[] = [];
    if (s.sessionPolicy !== undefined) {
      const policy = this.compile(s.sessionPolicy, 'session');
      if (policy) out.push({ policy, source: { type: 'session', id: 'session-policy' } });
    }
    for (const arn of s.sessionPolicyArns ?? []) {
      const sp = await this.managed(arn, 'session');
      if (sp) out.push({ policy: sp.policy, source: { type: 'session', id: arn } });
    }
    return out;
  }

  /** The PolicyProvider the authorizer calls. */
  readonly provider = async (caller: Caller): Promise<PrincipalPolicies> => {
    let base: PrincipalPolicies = EMPTY;
    if (caller.type === 'user') base = await this.forUserId(caller.accountId, caller.userId.split(':')[0]!);
    else if (caller.type === 'assumed-role') base = caller.roleId ? await this.forRoleId(caller.accountId, caller.roleId) : GONE;
    else if (caller.type === 'federated-user' && caller.session?.sourceUserId) {
      base = await this.forUserId(caller.accountId, caller.session.sourceUserId);
    }
    const session = await this.sessionPolicies(caller);
    return session ? { ...base, session } : base;
  };
}

const caches = new WeakMap<Deps, IamPolicyCache>();

export function policyCache(deps: Deps): IamPolicyCache {
  let c = caches.get(deps);
  if (!c) caches.set(deps, (c = new IamPolicyCache(deps)));
  return c;
}

/**
 * For STS: the identity policies (and boundary) of a role, by the role's unique id (AROA...), as the
 * authorizer applies them to its sessions; `principalGone` when no role has that id any more.
 */
export const policiesForRole = (deps: Deps, accountId: string, roleId: string): Promise<PrincipalPolicies> =>
  policyCache(deps).forRoleId(accountId, roleId);
