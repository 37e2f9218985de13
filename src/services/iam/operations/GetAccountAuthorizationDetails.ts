import type { IamEntitiesTable } from '../../../store/schema-iam.js';
import { defineOperation, type OperationContext } from '../../operation.js';
import { profileOut } from '../instanceProfiles.js';
import { findManagedPolicy, star } from '../lookups.js';
import { awsManagedPolicies } from '../managed/index.js';
import { awsPolicyOut, customerPolicyOut, roleOut, userOut } from '../model.js';
import { encodeDocument, pageOf, rowArn } from '../util.js';

type Filter = 'User' | 'Role' | 'Group' | 'LocalManagedPolicy' | 'AWSManagedPolicy';

async function attached(ctx: OperationContext, e: IamEntitiesTable) {
  const out: { PolicyName: string; PolicyArn: string }[] = [];
  for (const a of await ctx.deps.store.repos.policies.attachmentsOf(e.id)) {
    const p = await findManagedPolicy(ctx.deps, ctx.caller.accountId, a.policy_arn);
    if (p) out.push({ PolicyName: p.name, PolicyArn: p.arn });
  }
  return out;
}

const inlineList = async (ctx: OperationContext, e: IamEntitiesTable) =>
  (await ctx.deps.store.repos.policies.inlineOf(e.id)).map((p) => ({ PolicyName: p.name, PolicyDocument: encodeDocument(p.document) }));

/** iam:GetAccountAuthorizationDetails — users, groups, roles and managed policies with their relationships. */
export default defineOperation<{ Filter?: Filter[]; MaxItems?: number; Marker?: string }, Record<string, unknown>>({
  service: 'iam',
  name: 'GetAccountAuthorizationDetails',
  checks: () => [star('iam:GetAccountAuthorizationDetails')],
  handle: async (input, ctx) => {
    await ctx.deps.usage?.flush();
    const repos = ctx.deps.store.repos;
    const a = ctx.caller.accountId;
    const want = (f: Filter) => !input.Filter?.length || input.Filter.includes(f);
    const entities = await repos.entities.listAll(a);
    type Item = { type: 'user' | 'group' | 'role' | 'policy'; value: () => Promise<unknown> };
    const items: Item[] = [];
    for (const e of entities) {
      if (e.kind === 'user' && want('User'))
        items.push({
          type: 'user',
          value: async () => {
            const { PasswordLastUsed: _p, ...u } = userOut(e);
            void _p;
            return { ...u, UserPolicyList: await inlineList(ctx, e), GroupList: (await repos.entities.groupsOfUser(e.id)).map((g) => g.name), AttachedManagedPolicies: await attached(ctx, e) };
          },
        });
      if (e.kind === 'group' && want('Group'))
        items.push({
          type: 'group',
          value: async () => ({ Path: e.path, GroupName: e.name, GroupId: e.id, Arn: rowArn(e), CreateDate: e.created_at, GroupPolicyList: await inlineList(ctx, e), AttachedManagedPolicies: await attached(ctx, e) }),
        });
      if (e.kind === 'role' && want('Role'))
        items.push({
          type: 'role',
          value: async () => {
            const { Description: _d, MaxSessionDuration: _m, ...r } = roleOut(e);
            void _d, void _m;
            return { ...r, InstanceProfileList: await Promise.all((await repos.instanceProfiles.ofRole(e.id)).map((p) => profileOut(ctx, p))), RolePolicyList: await inlineList(ctx, e), AttachedManagedPolicies: await attached(ctx, e) };
          },
        });
    }
    const [counts, bounds] = await Promise.all([repos.policies.countAttachments(a), repos.policies.countBoundaryUses(a)]);
    if (want('LocalManagedPolicy')) {
      for (const p of await repos.policies.list(a)) {
        items.push({
          type: 'policy',
          value: async () => ({
            ...customerPolicyOut(p, counts.get(p.arn) ?? 0, bounds.get(p.arn) ?? 0),
            PolicyVersionList: (await repos.policies.listVersions(p.arn)).map((v) => ({
              Document: encodeDocument(v.document),
              VersionId: v.version_id,
              IsDefaultVersion: v.version_id === p.default_version,
              CreateDate: v.created_at,
            })),
          }),
        });
      }
    }
    if (want('AWSManagedPolicy')) {
      for (const p of awsManagedPolicies()) {
        if (!counts.get(p.arn) && !bounds.get(p.arn)) continue;
        items.push({
          type: 'policy',
          value: async () => ({
            ...awsPolicyOut(p, counts.get(p.arn) ?? 0, bounds.get(p.arn) ?? 0),
            PolicyVersionList: [{ Document: encodeDocument(p.document), VersionId: p.defaultVersion, IsDefaultVersion: true, CreateDate: p.updateDate }],
          }),
        });
      }
    }
    const { page, ...rest } = pageOf(items, input.Marker, input.MaxItems);
    const out = { UserDetailList: [] as unknown[], GroupDetailList: [] as unknown[], RoleDetailList: [] as unknown[], Policies: [] as unknown[] };
    for (const it of page) {
      const v = await it.value();
      if (it.type === 'user') out.UserDetailList.push(v);
      else if (it.type === 'group') out.GroupDetailList.push(v);
      else if (it.type === 'role') out.RoleDetailList.push(v);
      else out.Policies.push(v);
    }
    return { ...out, ...rest };
  },
});
