/**
 * IAM Identity Center's operations: sso-oidc (the device flow) and sso (the portal) over restJson1, one file each
 * under operations/; sso-admin and identitystore (administration) over awsJson1_1, one file each under admin/.
 */
import type { AnyOperation } from '../operation.js';
import ListInstances from './admin/ListInstances.js';
import CreatePermissionSet from './admin/CreatePermissionSet.js';
import DescribePermissionSet from './admin/DescribePermissionSet.js';
import ListPermissionSets from './admin/ListPermissionSets.js';
import AttachManagedPolicyToPermissionSet from './admin/AttachManagedPolicyToPermissionSet.js';
import PutInlinePolicyToPermissionSet from './admin/PutInlinePolicyToPermissionSet.js';
import CreateAccountAssignment from './admin/CreateAccountAssignment.js';
import ListAccountAssignments from './admin/ListAccountAssignments.js';
import DeleteAccountAssignment from './admin/DeleteAccountAssignment.js';
import ProvisionPermissionSet from './admin/ProvisionPermissionSet.js';
import CreateUser from './admin/CreateUser.js';
import CreateGroup from './admin/CreateGroup.js';
import CreateGroupMembership from './admin/CreateGroupMembership.js';
import ListUsers from './admin/ListUsers.js';
import CreateToken from './operations/CreateToken.js';
import GetRoleCredentials from './operations/GetRoleCredentials.js';
import ListAccountRoles from './operations/ListAccountRoles.js';
import ListAccounts from './operations/ListAccounts.js';
import Logout from './operations/Logout.js';
import RegisterClient from './operations/RegisterClient.js';
import StartDeviceAuthorization from './operations/StartDeviceAuthorization.js';

export const ssoOperations: AnyOperation[] = [RegisterClient, StartDeviceAuthorization, CreateToken, ListAccounts, ListAccountRoles, GetRoleCredentials, Logout];

export const ssoAdminOperations: AnyOperation[] = [ListInstances, CreatePermissionSet, DescribePermissionSet, ListPermissionSets, AttachManagedPolicyToPermissionSet, PutInlinePolicyToPermissionSet, CreateAccountAssignment, ListAccountAssignments, DeleteAccountAssignment, ProvisionPermissionSet, CreateUser, CreateGroup, CreateGroupMembership, ListUsers];
