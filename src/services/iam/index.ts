/** IAM's operations: one file each under operations/ (regenerate with ./gen-index.sh). */
import type { AnyOperation } from '../operation.js';
import AddClientIDToOpenIDConnectProvider from './operations/AddClientIDToOpenIDConnectProvider.js';
import AddRoleToInstanceProfile from './operations/AddRoleToInstanceProfile.js';
import AddUserToGroup from './operations/AddUserToGroup.js';
import AttachGroupPolicy from './operations/AttachGroupPolicy.js';
import AttachRolePolicy from './operations/AttachRolePolicy.js';
import AttachUserPolicy from './operations/AttachUserPolicy.js';
import ChangePassword from './operations/ChangePassword.js';
import CreateAccessKey from './operations/CreateAccessKey.js';
import CreateAccountAlias from './operations/CreateAccountAlias.js';
import CreateGroup from './operations/CreateGroup.js';
import CreateInstanceProfile from './operations/CreateInstanceProfile.js';
import CreateLoginProfile from './operations/CreateLoginProfile.js';
import CreateOpenIDConnectProvider from './operations/CreateOpenIDConnectProvider.js';
import CreatePolicy from './operations/CreatePolicy.js';
import CreatePolicyVersion from './operations/CreatePolicyVersion.js';
import CreateRole from './operations/CreateRole.js';
import CreateSAMLProvider from './operations/CreateSAMLProvider.js';
import CreateServiceLinkedRole from './operations/CreateServiceLinkedRole.js';
import CreateServiceSpecificCredential from './operations/CreateServiceSpecificCredential.js';
import CreateUser from './operations/CreateUser.js';
import CreateVirtualMFADevice from './operations/CreateVirtualMFADevice.js';
import DeactivateMFADevice from './operations/DeactivateMFADevice.js';
import DeleteAccessKey from './operations/DeleteAccessKey.js';
import DeleteAccountAlias from './operations/DeleteAccountAlias.js';
import DeleteAccountPasswordPolicy from './operations/DeleteAccountPasswordPolicy.js';
import DeleteGroup from './operations/DeleteGroup.js';
import DeleteGroupPolicy from './operations/DeleteGroupPolicy.js';
import DeleteInstanceProfile from './operations/DeleteInstanceProfile.js';
import DeleteLoginProfile from './operations/DeleteLoginProfile.js';
import DeleteOpenIDConnectProvider from './operations/DeleteOpenIDConnectProvider.js';
import DeletePolicy from './operations/DeletePolicy.js';
import DeletePolicyVersion from './operations/DeletePolicyVersion.js';
import DeleteRole from './operations/DeleteRole.js';
import DeleteRolePermissionsBoundary from './operations/DeleteRolePermissionsBoundary.js';
import DeleteRolePolicy from './operations/DeleteRolePolicy.js';
import DeleteSAMLProvider from './operations/DeleteSAMLProvider.js';
import DeleteSSHPublicKey from './operations/DeleteSSHPublicKey.js';
import DeleteServerCertificate from './operations/DeleteServerCertificate.js';
import DeleteServiceLinkedRole from './operations/DeleteServiceLinkedRole.js';
import DeleteServiceSpecificCredential from './operations/DeleteServiceSpecificCredential.js';
import DeleteSigningCertificate from './operations/DeleteSigningCertificate.js';
import DeleteUser from './operations/DeleteUser.js';
import DeleteUserPermissionsBoundary from './operations/DeleteUserPermissionsBoundary.js';
import DeleteUserPolicy from './operations/DeleteUserPolicy.js';
import DeleteVirtualMFADevice from './operations/DeleteVirtualMFADevice.js';
import DetachGroupPolicy from './operations/DetachGroupPolicy.js';
import DetachRolePolicy from './operations/DetachRolePolicy.js';
import DetachUserPolicy from './operations/DetachUserPolicy.js';
import DisableOrganizationsRootCredentialsManagement from './operations/DisableOrganizationsRootCredentialsManagement.js';
import DisableOrganizationsRootSessions from './operations/DisableOrganizationsRootSessions.js';
import EnableMFADevice from './operations/EnableMFADevice.js';
import EnableOrganizationsRootCredentialsManagement from './operations/EnableOrganizationsRootCredentialsManagement.js';
import EnableOrganizationsRootSessions from './operations/EnableOrganizationsRootSessions.js';
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
import GetInstanceProfile from './operations/GetInstanceProfile.js';
import GetLoginProfile from './operations/GetLoginProfile.js';
import GetMFADevice from './operations/GetMFADevice.js';
import GetOpenIDConnectProvider from './operations/GetOpenIDConnectProvider.js';
import GetPolicy from './operations/GetPolicy.js';
import GetPolicyVersion from './operations/GetPolicyVersion.js';
import GetRole from './operations/GetRole.js';
import GetRolePolicy from './operations/GetRolePolicy.js';
import GetSAMLProvider from './operations/GetSAMLProvider.js';
import GetSSHPublicKey from './operations/GetSSHPublicKey.js';
import GetServerCertificate from './operations/GetServerCertificate.js';
import GetServiceLastAccessedDetails from './operations/GetServiceLastAccessedDetails.js';
import GetServiceLastAccessedDetailsWithEntities from './operations/GetServiceLastAccessedDetailsWithEntities.js';
import GetServiceLinkedRoleDeletionStatus from './operations/GetServiceLinkedRoleDeletionStatus.js';
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
import ListInstanceProfileTags from './operations/ListInstanceProfileTags.js';
import ListInstanceProfiles from './operations/ListInstanceProfiles.js';
import ListInstanceProfilesForRole from './operations/ListInstanceProfilesForRole.js';
import ListMFADeviceTags from './operations/ListMFADeviceTags.js';
import ListMFADevices from './operations/ListMFADevices.js';
import ListOpenIDConnectProviderTags from './operations/ListOpenIDConnectProviderTags.js';
import ListOpenIDConnectProviders from './operations/ListOpenIDConnectProviders.js';
import ListOrganizationsFeatures from './operations/ListOrganizationsFeatures.js';
import ListPolicies from './operations/ListPolicies.js';
import ListPoliciesGrantingServiceAccess from './operations/ListPoliciesGrantingServiceAccess.js';
import ListPolicyTags from './operations/ListPolicyTags.js';
import ListPolicyVersions from './operations/ListPolicyVersions.js';
import ListRolePolicies from './operations/ListRolePolicies.js';
import ListRoleTags from './operations/ListRoleTags.js';
import ListRoles from './operations/ListRoles.js';
import ListSAMLProviderTags from './operations/ListSAMLProviderTags.js';
import ListSAMLProviders from './operations/ListSAMLProviders.js';
import ListSSHPublicKeys from './operations/ListSSHPublicKeys.js';
import ListServerCertificateTags from './operations/ListServerCertificateTags.js';
import ListServerCertificates from './operations/ListServerCertificates.js';
import ListServiceSpecificCredentials from './operations/ListServiceSpecificCredentials.js';
import ListSigningCertificates from './operations/ListSigningCertificates.js';
import ListUserPolicies from './operations/ListUserPolicies.js';
import ListUserTags from './operations/ListUserTags.js';
import ListUsers from './operations/ListUsers.js';
import ListVirtualMFADevices from './operations/ListVirtualMFADevices.js';
import PutGroupPolicy from './operations/PutGroupPolicy.js';
import PutRolePermissionsBoundary from './operations/PutRolePermissionsBoundary.js';
import PutRolePolicy from './operations/PutRolePolicy.js';
import PutUserPermissionsBoundary from './operations/PutUserPermissionsBoundary.js';
import PutUserPolicy from './operations/PutUserPolicy.js';
import RemoveClientIDFromOpenIDConnectProvider from './operations/RemoveClientIDFromOpenIDConnectProvider.js';
import RemoveRoleFromInstanceProfile from './operations/RemoveRoleFromInstanceProfile.js';
import RemoveUserFromGroup from './operations/RemoveUserFromGroup.js';
import ResetServiceSpecificCredential from './operations/ResetServiceSpecificCredential.js';
import ResyncMFADevice from './operations/ResyncMFADevice.js';
import SetDefaultPolicyVersion from './operations/SetDefaultPolicyVersion.js';
import SetSecurityTokenServicePreferences from './operations/SetSecurityTokenServicePreferences.js';
import SimulateCustomPolicy from './operations/SimulateCustomPolicy.js';
import SimulatePrincipalPolicy from './operations/SimulatePrincipalPolicy.js';
import TagInstanceProfile from './operations/TagInstanceProfile.js';
import TagMFADevice from './operations/TagMFADevice.js';
import TagOpenIDConnectProvider from './operations/TagOpenIDConnectProvider.js';
import TagPolicy from './operations/TagPolicy.js';
import TagRole from './operations/TagRole.js';
import TagSAMLProvider from './operations/TagSAMLProvider.js';
import TagServerCertificate from './operations/TagServerCertificate.js';
import TagUser from './operations/TagUser.js';
import UntagInstanceProfile from './operations/UntagInstanceProfile.js';
import UntagMFADevice from './operations/UntagMFADevice.js';
import UntagOpenIDConnectProvider from './operations/UntagOpenIDConnectProvider.js';
import UntagPolicy from './operations/UntagPolicy.js';
import UntagRole from './operations/UntagRole.js';
import UntagSAMLProvider from './operations/UntagSAMLProvider.js';
import UntagServerCertificate from './operations/UntagServerCertificate.js';
import UntagUser from './operations/UntagUser.js';
import UpdateAccessKey from './operations/UpdateAccessKey.js';
import UpdateAccountPasswordPolicy from './operations/UpdateAccountPasswordPolicy.js';
import UpdateAssumeRolePolicy from './operations/UpdateAssumeRolePolicy.js';
import UpdateGroup from './operations/UpdateGroup.js';
import UpdateLoginProfile from './operations/UpdateLoginProfile.js';
import UpdateOpenIDConnectProviderThumbprint from './operations/UpdateOpenIDConnectProviderThumbprint.js';
import UpdateRole from './operations/UpdateRole.js';
import UpdateRoleDescription from './operations/UpdateRoleDescription.js';
import UpdateSAMLProvider from './operations/UpdateSAMLProvider.js';
import UpdateSSHPublicKey from './operations/UpdateSSHPublicKey.js';
import UpdateServerCertificate from './operations/UpdateServerCertificate.js';
import UpdateServiceSpecificCredential from './operations/UpdateServiceSpecificCredential.js';
import UpdateSigningCertificate from './operations/UpdateSigningCertificate.js';
import UpdateUser from './operations/UpdateUser.js';
import UploadSSHPublicKey from './operations/UploadSSHPublicKey.js';
import UploadServerCertificate from './operations/UploadServerCertificate.js';
import UploadSigningCertificate from './operations/UploadSigningCertificate.js';

export const iamOperations: AnyOperation[] = [
  AddClientIDToOpenIDConnectProvider,
  AddRoleToInstanceProfile,
  AddUserToGroup,
  AttachGroupPolicy,
  AttachRolePolicy,
  AttachUserPolicy,
  ChangePassword,
  CreateAccessKey,
  CreateAccountAlias,
  CreateGroup,
  CreateInstanceProfile,
  CreateLoginProfile,
  CreateOpenIDConnectProvider,
  CreatePolicy,
  CreatePolicyVersion,
  CreateRole,
  CreateSAMLProvider,
  CreateServiceLinkedRole,
  CreateServiceSpecificCredential,
  CreateUser,
  CreateVirtualMFADevice,
  DeactivateMFADevice,
  DeleteAccessKey,
  DeleteAccountAlias,
  DeleteAccountPasswordPolicy,
  DeleteGroup,
  DeleteGroupPolicy,
  DeleteInstanceProfile,
  DeleteLoginProfile,
  DeleteOpenIDConnectProvider,
  DeletePolicy,
  DeletePolicyVersion,
  DeleteRole,
  DeleteRolePermissionsBoundary,
  DeleteRolePolicy,
  DeleteSAMLProvider,
  DeleteSSHPublicKey,
  DeleteServerCertificate,
  DeleteServiceLinkedRole,
  DeleteServiceSpecificCredential,
  DeleteSigningCertificate,
  DeleteUser,
  DeleteUserPermissionsBoundary,
  DeleteUserPolicy,
  DeleteVirtualMFADevice,
  DetachGroupPolicy,
  DetachRolePolicy,
  DetachUserPolicy,
  DisableOrganizationsRootCredentialsManagement,
  DisableOrganizationsRootSessions,
  EnableMFADevice,
  EnableOrganizationsRootCredentialsManagement,
  EnableOrganizationsRootSessions,
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
  GetInstanceProfile,
  GetLoginProfile,
  GetMFADevice,
  GetOpenIDConnectProvider,
  GetPolicy,
  GetPolicyVersion,
  GetRole,
  GetRolePolicy,
  GetSAMLProvider,
  GetSSHPublicKey,
  GetServerCertificate,
  GetServiceLastAccessedDetails,
  GetServiceLastAccessedDetailsWithEntities,
  GetServiceLinkedRoleDeletionStatus,
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
  ListInstanceProfileTags,
  ListInstanceProfiles,
  ListInstanceProfilesForRole,
  ListMFADeviceTags,
  ListMFADevices,
  ListOpenIDConnectProviderTags,
  ListOpenIDConnectProviders,
  ListOrganizationsFeatures,
  ListPolicies,
  ListPoliciesGrantingServiceAccess,
  ListPolicyTags,
  ListPolicyVersions,
  ListRolePolicies,
  ListRoleTags,
  ListRoles,
  ListSAMLProviderTags,
  ListSAMLProviders,
  ListSSHPublicKeys,
  ListServerCertificateTags,
  ListServerCertificates,
  ListServiceSpecificCredentials,
  ListSigningCertificates,
  ListUserPolicies,
  ListUserTags,
  ListUsers,
  ListVirtualMFADevices,
  PutGroupPolicy,
  PutRolePermissionsBoundary,
  PutRolePolicy,
  PutUserPermissionsBoundary,
  PutUserPolicy,
  RemoveClientIDFromOpenIDConnectProvider,
  RemoveRoleFromInstanceProfile,
  RemoveUserFromGroup,
  ResetServiceSpecificCredential,
  ResyncMFADevice,
  SetDefaultPolicyVersion,
  SetSecurityTokenServicePreferences,
  SimulateCustomPolicy,
  SimulatePrincipalPolicy,
  TagInstanceProfile,
  TagMFADevice,
  TagOpenIDConnectProvider,
  TagPolicy,
  TagRole,
  TagSAMLProvider,
  TagServerCertificate,
  TagUser,
  UntagInstanceProfile,
  UntagMFADevice,
  UntagOpenIDConnectProvider,
  UntagPolicy,
  UntagRole,
  UntagSAMLProvider,
  UntagServerCertificate,
  UntagUser,
  UpdateAccessKey,
  UpdateAccountPasswordPolicy,
  UpdateAssumeRolePolicy,
  UpdateGroup,
  UpdateLoginProfile,
  UpdateOpenIDConnectProviderThumbprint,
  UpdateRole,
  UpdateRoleDescription,
  UpdateSAMLProvider,
  UpdateSSHPublicKey,
  UpdateServerCertificate,
  UpdateServiceSpecificCredential,
  UpdateSigningCertificate,
  UpdateUser,
  UploadSSHPublicKey,
  UploadServerCertificate,
  UploadSigningCertificate,
];
