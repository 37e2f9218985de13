/** IAM's operations: one file each under operations/ (regenerate with ./gen-index.sh). */
import type { QueryOperation } from '../operation.js';
import AddUserToGroup from './operations/AddUserToGroup.js';
import AttachGroupPolicy from './operations/AttachGroupPolicy.js';
import AttachRolePolicy from './operations/AttachRolePolicy.js';
import AttachUserPolicy from './operations/AttachUserPolicy.js';
import CreateAccessKey from './operations/CreateAccessKey.js';
import CreateGroup from './operations/CreateGroup.js';
import CreatePolicy from './operations/CreatePolicy.js';
import CreatePolicyVersion from './operations/CreatePolicyVersion.js';
import CreateRole from './operations/CreateRole.js';
import CreateUser from './operations/CreateUser.js';
import DeleteAccessKey from './operations/DeleteAccessKey.js';
import DeleteGroup from './operations/DeleteGroup.js';
import DeleteGroupPolicy from './operations/DeleteGroupPolicy.js';
import DeletePolicy from './operations/DeletePolicy.js';
import DeletePolicyVersion from './operations/DeletePolicyVersion.js';
import DeleteRole from './operations/DeleteRole.js';
import DeleteRolePermissionsBoundary from './operations/DeleteRolePermissionsBoundary.js';
import DeleteRolePolicy from './operations/DeleteRolePolicy.js';
import DeleteUser from './operations/DeleteUser.js';
import DeleteUserPermissionsBoundary from './operations/DeleteUserPermissionsBoundary.js';
import DeleteUserPolicy from './operations/DeleteUserPolicy.js';
import DetachGroupPolicy from './operations/DetachGroupPolicy.js';
import DetachRolePolicy from './operations/DetachRolePolicy.js';
import DetachUserPolicy from './operations/DetachUserPolicy.js';
import GetAccessKeyLastUsed from './operations/GetAccessKeyLastUsed.js';
import GetGroup from './operations/GetGroup.js';
import GetGroupPolicy from './operations/GetGroupPolicy.js';
import GetPolicy from './operations/GetPolicy.js';
import GetPolicyVersion from './operations/GetPolicyVersion.js';
import GetRole from './operations/GetRole.js';
import GetRolePolicy from './operations/GetRolePolicy.js';
import GetUser from './operations/GetUser.js';
import GetUserPolicy from './operations/GetUserPolicy.js';
import ListAccessKeys from './operations/ListAccessKeys.js';
import ListAttachedGroupPolicies from './operations/ListAttachedGroupPolicies.js';
import ListAttachedRolePolicies from './operations/ListAttachedRolePolicies.js';
import ListAttachedUserPolicies from './operations/ListAttachedUserPolicies.js';
import ListEntitiesForPolicy from './operations/ListEntitiesForPolicy.js';
import ListGroupPolicies from './operations/ListGroupPolicies.js';
import ListGroups from './operations/ListGroups.js';
import ListGroupsForUser from './operations/ListGroupsForUser.js';
import ListPolicies from './operations/ListPolicies.js';
import ListPolicyVersions from './operations/ListPolicyVersions.js';
import ListRolePolicies from './operations/ListRolePolicies.js';
import ListRoleTags from './operations/ListRoleTags.js';
import ListRoles from './operations/ListRoles.js';
import ListUserPolicies from './operations/ListUserPolicies.js';
import ListUserTags from './operations/ListUserTags.js';
import ListUsers from './operations/ListUsers.js';
import PutGroupPolicy from './operations/PutGroupPolicy.js';
import PutRolePermissionsBoundary from './operations/PutRolePermissionsBoundary.js';
import PutRolePolicy from './operations/PutRolePolicy.js';
import PutUserPermissionsBoundary from './operations/PutUserPermissionsBoundary.js';
import PutUserPolicy from './operations/PutUserPolicy.js';
import RemoveUserFromGroup from './operations/RemoveUserFromGroup.js';
import SetDefaultPolicyVersion from './operations/SetDefaultPolicyVersion.js';
import TagRole from './operations/TagRole.js';
import TagUser from './operations/TagUser.js';
import UntagRole from './operations/UntagRole.js';
import UntagUser from './operations/UntagUser.js';
import UpdateAccessKey from './operations/UpdateAccessKey.js';
import UpdateAssumeRolePolicy from './operations/UpdateAssumeRolePolicy.js';
import UpdateRole from './operations/UpdateRole.js';
import UpdateUser from './operations/UpdateUser.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const iamOperations: QueryOperation<any, any>[] = [
  AddUserToGroup,
  AttachGroupPolicy,
  AttachRolePolicy,
  AttachUserPolicy,
  CreateAccessKey,
  CreateGroup,
  CreatePolicy,
  CreatePolicyVersion,
  CreateRole,
  CreateUser,
  DeleteAccessKey,
  DeleteGroup,
  DeleteGroupPolicy,
  DeletePolicy,
  DeletePolicyVersion,
  DeleteRole,
  DeleteRolePermissionsBoundary,
  DeleteRolePolicy,
  DeleteUser,
  DeleteUserPermissionsBoundary,
  DeleteUserPolicy,
  DetachGroupPolicy,
  DetachRolePolicy,
  DetachUserPolicy,
  GetAccessKeyLastUsed,
  GetGroup,
  GetGroupPolicy,
  GetPolicy,
  GetPolicyVersion,
  GetRole,
  GetRolePolicy,
  GetUser,
  GetUserPolicy,
  ListAccessKeys,
  ListAttachedGroupPolicies,
  ListAttachedRolePolicies,
  ListAttachedUserPolicies,
  ListEntitiesForPolicy,
  ListGroupPolicies,
  ListGroups,
  ListGroupsForUser,
  ListPolicies,
  ListPolicyVersions,
  ListRolePolicies,
  ListRoleTags,
  ListRoles,
  ListUserPolicies,
  ListUserTags,
  ListUsers,
  PutGroupPolicy,
  PutRolePermissionsBoundary,
  PutRolePolicy,
  PutUserPermissionsBoundary,
  PutUserPolicy,
  RemoveUserFromGroup,
  SetDefaultPolicyVersion,
  TagRole,
  TagUser,
  UntagRole,
  UntagUser,
  UpdateAccessKey,
  UpdateAssumeRolePolicy,
  UpdateRole,
  UpdateUser,
];
