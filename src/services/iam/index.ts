/** IAM's operations: one file each under operations/ (regenerate with ./gen-index.sh). */
import type { AnyOperation } from '../operation.js';
import AddUserToGroup from './operations/AddUserToGroup.js';
import AttachGroupPolicy from './operations/AttachGroupPolicy.js';
import AttachRolePolicy from './operations/AttachRolePolicy.js';
import AttachUserPolicy from './operations/AttachUserPolicy.js';
import ChangePassword from './operations/ChangePassword.js';
import CreateAccessKey from './operations/CreateAccessKey.js';
import CreateAccountAlias from './operations/CreateAccountAlias.js';
import CreateGroup from './operations/CreateGroup.js';
import CreateLoginProfile from './operations/CreateLoginProfile.js';
import CreateOpenIDConnectProvider from './operations/CreateOpenIDConnectProvider.js';
import CreatePolicy from './operations/CreatePolicy.js';
import CreatePolicyVersion from './operations/CreatePolicyVersion.js';
import CreateRole from './operations/CreateRole.js';
import CreateSAMLProvider from './operations/CreateSAMLProvider.js';
import CreateUser from './operations/CreateUser.js';
import CreateVirtualMFADevice from './operations/CreateVirtualMFADevice.js';
import DeactivateMFADevice from './operations/DeactivateMFADevice.js';
import DeleteAccessKey from './operations/DeleteAccessKey.js';
import DeleteAccountAlias from './operations/DeleteAccountAlias.js';
import DeleteAccountPasswordPolicy from './operations/DeleteAccountPasswordPolicy.js';
import DeleteGroup from './operations/DeleteGroup.js';
import DeleteGroupPolicy from './operations/DeleteGroupPolicy.js';
import DeleteLoginProfile from './operations/DeleteLoginProfile.js';
import DeleteOpenIDConnectProvider from './operations/DeleteOpenIDConnectProvider.js';
import DeletePolicy from './operations/DeletePolicy.js';
import DeletePolicyVersion from './operations/DeletePolicyVersion.js';
import DeleteRole from './operations/DeleteRole.js';
import DeleteRolePermissionsBoundary from './operations/DeleteRolePermissionsBoundary.js';
import DeleteRolePolicy from './operations/DeleteRolePolicy.js';
import DeleteSAMLProvider from './operations/DeleteSAMLProvider.js';
import DeleteUser from './operations/DeleteUser.js';
import DeleteUserPermissionsBoundary from './operations/DeleteUserPermissionsBoundary.js';
import DeleteUserPolicy from './operations/DeleteUserPolicy.js';
import DeleteVirtualMFADevice from './operations/DeleteVirtualMFADevice.js';
import DetachGroupPolicy from './operations/DetachGroupPolicy.js';
import DetachRolePolicy from './operations/DetachRolePolicy.js';
import DetachUserPolicy from './operations/DetachUserPolicy.js';
import EnableMFADevice from './operations/EnableMFADevice.js';
import GenerateCredentialReport from './operations/GenerateCredentialReport.js';
import GenerateServiceLastAccessedDetails from './operations/GenerateServiceLastAccessedDetails.js';
import GetAccessKeyLastUsed from './operations/GetAccessKeyLastUsed.js';
import GetAccountAuthorizationDetails from './operations/GetAccountAuthorizationDetails.js';
import GetAccountPasswordPolicy from './operations/GetAccountPasswordPolicy.js';
import GetAccountSummary from './operations/GetAccountSummary.js';
import GetContextKeysForCustomPolicy from './operations/GetContextKeysForCustomPolicy.js';
import GetContextKeysForPrincipalPolicy from './operations/GetContextKeysForPrincipalPolicy.js';
import GetCredentialReport from './operations/GetCredentialReport.js';
import GetGroup from './operations/GetGroup.js';
import GetGroupPolicy from './operations/GetGroupPolicy.js';
import GetLoginProfile from './operations/GetLoginProfile.js';
import GetMFADevice from './operations/GetMFADevice.js';
import GetOpenIDConnectProvider from './operations/GetOpenIDConnectProvider.js';
import GetPolicy from './operations/GetPolicy.js';
import GetPolicyVersion from './operations/GetPolicyVersion.js';
import GetRole from './operations/GetRole.js';
import GetRolePolicy from './operations/GetRolePolicy.js';
import GetSAMLProvider from './operations/GetSAMLProvider.js';
import GetServiceLastAccessedDetails from './operations/GetServiceLastAccessedDetails.js';
import GetServiceLastAccessedDetailsWithEntities from './operations/GetServiceLastAccessedDetailsWithEntities.js';
import GetUser from './operations/GetUser.js';
import GetUserPolicy from './operations/GetUserPolicy.js';
import ListAccessKeys from './operations/ListAccessKeys.js';
import ListAccountAliases from './operations/ListAccountAliases.js';
import ListAttachedGroupPolicies from './operations/ListAttachedGroupPolicies.js';
import ListAttachedRolePolicies from './operations/ListAttachedRolePolicies.js';
import ListAttachedUserPolicies from './operations/ListAttachedUserPolicies.js';
import ListEntitiesForPolicy from './operations/ListEntitiesForPolicy.js';
import ListGroupPolicies from './operations/ListGroupPolicies.js';
import ListGroups from './operations/ListGroups.js';
import ListGroupsForUser from './operations/ListGroupsForUser.js';
import ListMFADevices from './operations/ListMFADevices.js';
import ListOpenIDConnectProviders from './operations/ListOpenIDConnectProviders.js';
import ListPolicies from './operations/ListPolicies.js';
import ListPoliciesGrantingServiceAccess from './operations/ListPoliciesGrantingServiceAccess.js';
import ListPolicyVersions from './operations/ListPolicyVersions.js';
import ListRolePolicies from './operations/ListRolePolicies.js';
import ListRoleTags from './operations/ListRoleTags.js';
import ListRoles from './operations/ListRoles.js';
import ListSAMLProviders from './operations/ListSAMLProviders.js';
import ListUserPolicies from './operations/ListUserPolicies.js';
import ListUserTags from './operations/ListUserTags.js';
import ListUsers from './operations/ListUsers.js';
import ListVirtualMFADevices from './operations/ListVirtualMFADevices.js';
import PutGroupPolicy from './operations/PutGroupPolicy.js';
import PutRolePermissionsBoundary from './operations/PutRolePermissionsBoundary.js';
import PutRolePolicy from './operations/PutRolePolicy.js';
import PutUserPermissionsBoundary from './operations/PutUserPermissionsBoundary.js';
import PutUserPolicy from './operations/PutUserPolicy.js';
import RemoveUserFromGroup from './operations/RemoveUserFromGroup.js';
import ResyncMFADevice from './operations/ResyncMFADevice.js';
import SetDefaultPolicyVersion from './operations/SetDefaultPolicyVersion.js';
import SimulateCustomPolicy from './operations/SimulateCustomPolicy.js';
import SimulatePrincipalPolicy from './operations/SimulatePrincipalPolicy.js';
import TagRole from './operations/TagRole.js';
import TagUser from './operations/TagUser.js';
import UntagRole from './operations/UntagRole.js';
import UntagUser from './operations/UntagUser.js';
import UpdateAccessKey from './operations/UpdateAccessKey.js';
import UpdateAccountPasswordPolicy from './operations/UpdateAccountPasswordPolicy.js';
import UpdateAssumeRolePolicy from './operations/UpdateAssumeRolePolicy.js';
import UpdateLoginProfile from './operations/UpdateLoginProfile.js';
import UpdateRole from './operations/UpdateRole.js';
import UpdateSAMLProvider from './operations/UpdateSAMLProvider.js';
import UpdateUser from './operations/UpdateUser.js';

export const iamOperations: AnyOperation[] = [
  AddUserToGroup,
  AttachGroupPolicy,
  AttachRolePolicy,
  AttachUserPolicy,
  ChangePassword,
  CreateAccessKey,
  CreateAccountAlias,
  CreateGroup,
  CreateLoginProfile,
  CreateOpenIDConnectProvider,
  CreatePolicy,
  CreatePolicyVersion,
  CreateRole,
  CreateSAMLProvider,
  CreateUser,
  CreateVirtualMFADevice,
  DeactivateMFADevice,
  DeleteAccessKey,
  DeleteAccountAlias,
  DeleteAccountPasswordPolicy,
  DeleteGroup,
  DeleteGroupPolicy,
  DeleteLoginProfile,
  DeleteOpenIDConnectProvider,
  DeletePolicy,
  DeletePolicyVersion,
  DeleteRole,
  DeleteRolePermissionsBoundary,
  DeleteRolePolicy,
  DeleteSAMLProvider,
  DeleteUser,
  DeleteUserPermissionsBoundary,
  DeleteUserPolicy,
  DeleteVirtualMFADevice,
  DetachGroupPolicy,
  DetachRolePolicy,
  DetachUserPolicy,
  EnableMFADevice,
  GenerateCredentialReport,
  GenerateServiceLastAccessedDetails,
  GetAccessKeyLastUsed,
  GetAccountAuthorizationDetails,
  GetAccountPasswordPolicy,
  GetAccountSummary,
  GetContextKeysForCustomPolicy,
  GetContextKeysForPrincipalPolicy,
  GetCredentialReport,
  GetGroup,
  GetGroupPolicy,
  GetLoginProfile,
  GetMFADevice,
  GetOpenIDConnectProvider,
  GetPolicy,
  GetPolicyVersion,
  GetRole,
  GetRolePolicy,
  GetSAMLProvider,
  GetServiceLastAccessedDetails,
  GetServiceLastAccessedDetailsWithEntities,
  GetUser,
  GetUserPolicy,
  ListAccessKeys,
  ListAccountAliases,
  ListAttachedGroupPolicies,
  ListAttachedRolePolicies,
  ListAttachedUserPolicies,
  ListEntitiesForPolicy,
  ListGroupPolicies,
  ListGroups,
  ListGroupsForUser,
  ListMFADevices,
  ListOpenIDConnectProviders,
  ListPolicies,
  ListPoliciesGrantingServiceAccess,
  ListPolicyVersions,
  ListRolePolicies,
  ListRoleTags,
  ListRoles,
  ListSAMLProviders,
  ListUserPolicies,
  ListUserTags,
  ListUsers,
  ListVirtualMFADevices,
  PutGroupPolicy,
  PutRolePermissionsBoundary,
  PutRolePolicy,
  PutUserPermissionsBoundary,
  PutUserPolicy,
  RemoveUserFromGroup,
  ResyncMFADevice,
  SetDefaultPolicyVersion,
  SimulateCustomPolicy,
  SimulatePrincipalPolicy,
  TagRole,
  TagUser,
  UntagRole,
  UntagUser,
  UpdateAccessKey,
  UpdateAccountPasswordPolicy,
  UpdateAssumeRolePolicy,
  UpdateLoginProfile,
  UpdateRole,
  UpdateSAMLProvider,
  UpdateUser,
];
