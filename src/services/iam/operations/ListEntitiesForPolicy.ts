import type { IamEntitiesTable } from '../../../store/schema-iam.js';
import { defineOperation } from '../../operation.js';
import { IamErrors } from '../errors.js';
import { findManagedPolicy, requirePolicyArn } from '../lookups.js';
import { pageOf } from '../util.js';
import { loadPolicyTags } from '../taggables.js';
import type { TagTarget } from '../tagging.js';
import { taggedCheck } from '../targets.js';

interface Input {
  PolicyArn: string;
  EntityFilter?: 'User' | 'Role' | 'Group' | 'LocalManagedPolicy' | 'AWSManagedPolicy';
  PathPrefix?: string;
  PolicyUsageFilter?: 'PermissionsPolicy' | 'PermissionsBoundary';
  Marker?: string;
  MaxItems?: number;
}

/** iam:ListEntitiesForPolicy — the users, groups and roles a managed policy is attached to (or bounds). */
export default defineOperation<Input, Record<string, unknown>, TagTarget>({
  service: 'iam',
  name: 'ListEntitiesForPolicy',
  prepare: (input, ctx) => loadPolicyTags(ctx, input.PolicyArn),
  checks: (_input, _ctx, target) => [taggedCheck('iam:ListEntitiesForPolicy', target.arn, target.tags)],
  handle: async (input, ctx) => {
    requirePolicyArn(input.PolicyArn);
    if (!(await findManagedPolicy(ctx.deps, ctx.caller.accountId, input.PolicyArn))) throw IamErrors.policyNotFound(input.PolicyArn);
    const repos = ctx.deps.store.repos;
    const rows: IamEntitiesTable[] = [];
    if (input.PolicyUsageFilter !== 'PermissionsBoundary') {
      for (const a of await repos.policies.attachmentsOfPolicy(ctx.caller.accountId, input.PolicyArn)) {
        const e = await repos.entities.getById(a.entity_id);
        if (e) rows.push(e);
      }
    }
    if (input.PolicyUsageFilter !== 'PermissionsPolicy') {
      rows.push(...(await repos.policies.entitiesBoundedBy(ctx.caller.accountId, input.PolicyArn)));
    }
    const want = input.EntityFilter?.toLowerCase();
    const seen = new Set<string>();
    const list = rows
      .filter((e) => (!want || want === e.kind) && (!input.PathPrefix || e.path.startsWith(input.PathPrefix)) && !seen.has(e.id) && seen.add(e.id))
      .sort((a, b) => (a.kind + a.name_lc < b.kind + b.name_lc ? -1 : 1));
    const { page, ...rest } = pageOf(list, input.Marker, input.MaxItems);
    return {
      PolicyGroups: page.filter((e) => e.kind === 'group').map((e) => ({ GroupName: e.name, GroupId: e.id })),
      PolicyUsers: page.filter((e) => e.kind === 'user').map((e) => ({ UserName: e.name, UserId: e.id })),
      PolicyRoles: page.filter((e) => e.kind === 'role').map((e) => ({ RoleName: e.name, RoleId: e.id })),
      ...rest,
    };
  },
});
