/** Output shapes of AWS's IAM model built from rows: member names exactly as the model's. */
import type { IamEntitiesTable, IamPoliciesTable } from '../../store/schema-iam.js';
import type { AwsManagedPolicy } from './managed/index.js';
import { encodeDocument, parseTags, rowArn } from './util.js';

const boundaryOut = (arn: string | null) =>
  arn ? { PermissionsBoundary: { PermissionsBoundaryType: 'PermissionsBoundaryPolicy', PermissionsBoundaryArn: arn } } : {};

const tagsOut = (json: string) => {
  const t = parseTags(json);
  return t.length > 0 ? { Tags: t } : {};
};

/** User: `full` adds what GetUser/CreateUser return beyond ListUsers (boundary, tags). */
export function userOut(u: IamEntitiesTable, full = true) {
  return {
    Path: u.path,
    UserName: u.name,
    UserId: u.id,
    Arn: rowArn(u),
    CreateDate: u.created_at,
    ...(u.password_last_used !== null ? { PasswordLastUsed: u.password_last_used } : {}),
    ...(full ? { ...boundaryOut(u.boundary_arn), ...tagsOut(u.tags) } : {}),
  };
}

export function roleOut(r: IamEntitiesTable, full = true) {
  return {
    Path: r.path,
    RoleName: r.name,
    RoleId: r.id,
    Arn: rowArn(r),
    CreateDate: r.created_at,
    AssumeRolePolicyDocument: encodeDocument(r.trust_policy ?? ''),
    ...(r.description !== null ? { Description: r.description } : {}),
    MaxSessionDuration: r.max_session_duration ?? 3600,
    ...(full
      ? {
          ...boundaryOut(r.boundary_arn),
          ...tagsOut(r.tags),
          RoleLastUsed: r.last_used_at !== null ? { LastUsedDate: r.last_used_at, Region: r.last_used_region ?? undefined } : {},
        }
      : {}),
  };
}

export const groupOut = (g: IamEntitiesTable) => ({ Path: g.path, GroupName: g.name, GroupId: g.id, Arn: rowArn(g), CreateDate: g.created_at });

export function customerPolicyOut(p: IamPoliciesTable, attachments: number, boundaryUses: number, withTags = false) {
  return {
    PolicyName: p.name,
    PolicyId: p.id,
    Arn: p.arn,
    Path: p.path,
    DefaultVersionId: p.default_version,
    AttachmentCount: attachments,
    PermissionsBoundaryUsageCount: boundaryUses,
    IsAttachable: true,
    ...(p.description !== null ? { Description: p.description } : {}),
    CreateDate: p.created_at,
    UpdateDate: p.updated_at,
    ...(withTags ? tagsOut(p.tags) : {}),
  };
}

export function awsPolicyOut(p: AwsManagedPolicy, attachments: number, boundaryUses: number) {
  return {
    PolicyName: p.name,
    PolicyId: p.id,
    Arn: p.arn,
    Path: p.path,
    DefaultVersionId: p.defaultVersion,
    AttachmentCount: attachments,
    PermissionsBoundaryUsageCount: boundaryUses,
    IsAttachable: true,
    ...(p.description ? { Description: p.description } : {}),
    CreateDate: p.createDate,
    UpdateDate: p.updateDate,
  };
}
