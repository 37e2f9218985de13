/**
 * Operations that exist alike for users, groups and roles (inline policies, attached managed policies,
 * permissions boundaries; tags are tagging.ts's). Each operations/<Name>.ts file declares one of them through these builders.
 */
import { defineOperation, type OperationContext } from '../operation.js';
import { ATTACHED_QUOTA_NAME, INLINE_QUOTA, IamErrors, limitExceeded, noSuchEntity, type Kind } from './errors.js';
import { findManagedPolicy, iamTopic, publish, requireEntity, requirePolicyArn } from './lookups.js';
import { refuseServiceLinked } from './serviceLinked.js';
import { entityCheck, loadEntity, type EntityTarget } from './targets.js';
import { encodeDocument, pageOf, policySize, validateDocument } from './util.js';

const Title: Record<Kind, 'User' | 'Group' | 'Role'> = { user: 'User', group: 'Group', role: 'Role' };
const nameKey = (kind: Kind) => `${Title[kind]}Name`;
type Named = Record<string, unknown>;
const nameOf = (kind: Kind, input: Named) => String(input[nameKey(kind)]);
const topic = (ctx: OperationContext) => publish(ctx.deps, iamTopic(ctx.caller.accountId));

export const putInlinePolicy = (kind: Kind) =>
  defineOperation<Named & { PolicyName: string; PolicyDocument: string }, undefined, EntityTarget>({
    service: 'iam',
    name: `Put${Title[kind]}Policy`,
    prepare: (input, ctx) => loadEntity(ctx, kind, nameOf(kind, input)),
    checks: (_input, _ctx, target) => [entityCheck(target, `iam:Put${Title[kind]}Policy`)],
    handle: async (input, ctx) => {
      const e = await requireEntity(ctx.deps, ctx.caller.accountId, kind, nameOf(kind, input));
      refuseServiceLinked(e);
      validateDocument(input.PolicyDocument, 'identity');
      const others = (await ctx.deps.store.repos.policies.inlineOf(e.id)).filter((p) => p.name !== input.PolicyName);
      const total = others.reduce((n, p) => n + policySize(p.document), policySize(input.PolicyDocument));
      if (total > INLINE_QUOTA[kind]) throw IamErrors.inlineTooLarge(kind, e.name, INLINE_QUOTA[kind]);
      await ctx.deps.store.repos.policies.putInline({ entity_id: e.id, name: input.PolicyName, account_id: e.account_id, document: input.PolicyDocument });
      await topic(ctx);
      return undefined;
    },
  });

export const getInlinePolicy = (kind: Kind) =>
  defineOperation<Named & { PolicyName: string }, Record<string, unknown>, EntityTarget>({
    service: 'iam',
    name: `Get${Title[kind]}Policy`,
    prepare: (input, ctx) => loadEntity(ctx, kind, nameOf(kind, input)),
    checks: (_input, _ctx, target) => [entityCheck(target, `iam:Get${Title[kind]}Policy`)],
    handle: async (input, ctx) => {
      const e = await requireEntity(ctx.deps, ctx.caller.accountId, kind, nameOf(kind, input));
      const p = await ctx.deps.store.repos.policies.getInline(e.id, input.PolicyName);
      if (!p) throw IamErrors.noSuchInline(kind, input.PolicyName);
      return { [nameKey(kind)]: e.name, PolicyName: p.name, PolicyDocument: encodeDocument(p.document) };
    },
  });

export const listInlinePolicies = (kind: Kind) =>
  defineOperation<Named & { Marker?: string; MaxItems?: number }, Record<string, unknown>, EntityTarget>({
    service: 'iam',
    name: `List${Title[kind]}Policies`,
    prepare: (input, ctx) => loadEntity(ctx, kind, nameOf(kind, input)),
    checks: (_input, _ctx, target) => [entityCheck(target, `iam:List${Title[kind]}Policies`)],
    handle: async (input, ctx) => {
      const e = await requireEntity(ctx.deps, ctx.caller.accountId, kind, nameOf(kind, input));
      const names = (await ctx.deps.store.repos.policies.inlineOf(e.id)).map((p) => p.name);
      const { page, ...rest } = pageOf(names, input.Marker, input.MaxItems);
      return { PolicyNames: page, ...rest };
    },
  });

export const deleteInlinePolicy = (kind: Kind) =>
  defineOperation<Named & { PolicyName: string }, undefined, EntityTarget>({
    service: 'iam',
    name: `Delete${Title[kind]}Policy`,
    prepare: (input, ctx) => loadEntity(ctx, kind, nameOf(kind, input)),
    checks: (_input, _ctx, target) => [entityCheck(target, `iam:Delete${Title[kind]}Policy`)],
    handle: async (input, ctx) => {
      const e = await requireEntity(ctx.deps, ctx.caller.accountId, kind, nameOf(kind, input));
      refuseServiceLinked(e);
      if (!(await ctx.deps.store.repos.policies.deleteInline(e.id, input.PolicyName))) throw IamErrors.noSuchInline(kind, input.PolicyName);
      await topic(ctx);
      return undefined;
    },
  });

export const ATTACHED_POLICIES_MAX = 10;

export const attachPolicy = (kind: Kind) =>
  defineOperation<Named & { PolicyArn: string }, undefined, EntityTarget>({
    service: 'iam',
    name: `Attach${Title[kind]}Policy`,
    prepare: (input, ctx) => loadEntity(ctx, kind, nameOf(kind, input)),
    checks: (input, _ctx, target) => [entityCheck(target, `iam:Attach${Title[kind]}Policy`, { 'iam:PolicyARN': input.PolicyArn })],
    handle: async (input, ctx) => {
      requirePolicyArn(input.PolicyArn);
      const e = await requireEntity(ctx.deps, ctx.caller.accountId, kind, nameOf(kind, input));
      refuseServiceLinked(e);
      const p = await findManagedPolicy(ctx.deps, ctx.caller.accountId, input.PolicyArn);
      if (!p) throw IamErrors.policyNotAttachable(input.PolicyArn);
      const current = await ctx.deps.store.repos.policies.attachmentsOf(e.id);
      if (current.some((a) => a.policy_arn === input.PolicyArn)) return undefined;
      if (current.length >= ATTACHED_POLICIES_MAX) throw limitExceeded(`Cannot exceed quota for ${ATTACHED_QUOTA_NAME[kind]}: ${ATTACHED_POLICIES_MAX}`);
      await ctx.deps.store.repos.policies.attach({ entity_id: e.id, policy_arn: input.PolicyArn, account_id: e.account_id, kind });
      await topic(ctx);
      return undefined;
    },
  });

export const detachPolicy = (kind: Kind) =>
  defineOperation<Named & { PolicyArn: string }, undefined, EntityTarget>({
    service: 'iam',
    name: `Detach${Title[kind]}Policy`,
    prepare: (input, ctx) => loadEntity(ctx, kind, nameOf(kind, input)),
    checks: (input, _ctx, target) => [entityCheck(target, `iam:Detach${Title[kind]}Policy`, { 'iam:PolicyARN': input.PolicyArn })],
    handle: async (input, ctx) => {
      requirePolicyArn(input.PolicyArn);
      const e = await requireEntity(ctx.deps, ctx.caller.accountId, kind, nameOf(kind, input));
      refuseServiceLinked(e);
      if (!(await ctx.deps.store.repos.policies.detach(e.id, input.PolicyArn))) throw IamErrors.policyNotFound(input.PolicyArn);
      await topic(ctx);
      return undefined;
    },
  });

export const listAttachedPolicies = (kind: Kind) =>
  defineOperation<Named & { PathPrefix?: string; Marker?: string; MaxItems?: number }, Record<string, unknown>, EntityTarget>({
    service: 'iam',
    name: `ListAttached${Title[kind]}Policies`,
    prepare: (input, ctx) => loadEntity(ctx, kind, nameOf(kind, input)),
    checks: (_input, _ctx, target) => [entityCheck(target, `iam:ListAttached${Title[kind]}Policies`)],
    handle: async (input, ctx) => {
      const e = await requireEntity(ctx.deps, ctx.caller.accountId, kind, nameOf(kind, input));
      const out: { PolicyName: string; PolicyArn: string }[] = [];
      for (const a of await ctx.deps.store.repos.policies.attachmentsOf(e.id)) {
        const p = await findManagedPolicy(ctx.deps, ctx.caller.accountId, a.policy_arn);
        if (!p) continue;
        const path = p.aws?.path ?? p.row?.path ?? '/';
        if (input.PathPrefix && !path.startsWith(input.PathPrefix)) continue;
        out.push({ PolicyName: p.name, PolicyArn: p.arn });
      }
      out.sort((a, b) => a.PolicyName.localeCompare(b.PolicyName));
      const { page, ...rest } = pageOf(out, input.Marker, input.MaxItems);
      return { AttachedPolicies: page, ...rest };
    },
  });

/** Checks a boundary ARN names an existing managed policy (AWS's "Scope ARN" wording). */
export async function requireBoundary(ctx: OperationContext, arn: string) {
  requirePolicyArn(arn);
  if (!(await findManagedPolicy(ctx.deps, ctx.caller.accountId, arn))) throw noSuchEntity(`Scope ARN: ${arn} does not exist or is not attachable.`);
}

export const putBoundary = (kind: 'user' | 'role') =>
  defineOperation<Named & { PermissionsBoundary: string }, undefined, EntityTarget>({
    service: 'iam',
    name: `Put${Title[kind]}PermissionsBoundary`,
    prepare: (input, ctx) => loadEntity(ctx, kind, nameOf(kind, input)),
    checks: (input, _ctx, target) => [entityCheck(target, `iam:Put${Title[kind]}PermissionsBoundary`, {
        'iam:PermissionsBoundary': input.PermissionsBoundary,
      })],
    handle: async (input, ctx) => {
      const e = await requireEntity(ctx.deps, ctx.caller.accountId, kind, nameOf(kind, input));
      refuseServiceLinked(e);
      await requireBoundary(ctx, input.PermissionsBoundary);
      await ctx.deps.store.repos.entities.update(e.id, { boundary_arn: input.PermissionsBoundary });
      await topic(ctx);
      return undefined;
    },
  });

export const deleteBoundary = (kind: 'user' | 'role') =>
  defineOperation<Named, undefined, EntityTarget>({
    service: 'iam',
    name: `Delete${Title[kind]}PermissionsBoundary`,
    prepare: (input, ctx) => loadEntity(ctx, kind, nameOf(kind, input)),
    checks: (_input, _ctx, target) => [entityCheck(target, `iam:Delete${Title[kind]}PermissionsBoundary`)],
    handle: async (input, ctx) => {
      const e = await requireEntity(ctx.deps, ctx.caller.accountId, kind, nameOf(kind, input));
      refuseServiceLinked(e);
      await ctx.deps.store.repos.entities.update(e.id, { boundary_arn: null });
      await topic(ctx);
      return undefined;
    },
  });
