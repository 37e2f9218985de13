/** IAM Identity Center's operations (restJson1): sso-oidc (the device flow) and sso (the portal), one file each under operations/. */
import type { AnyOperation } from '../operation.js';
import CreateToken from './operations/CreateToken.js';
import GetRoleCredentials from './operations/GetRoleCredentials.js';
import ListAccountRoles from './operations/ListAccountRoles.js';
import ListAccounts from './operations/ListAccounts.js';
import Logout from './operations/Logout.js';
import RegisterClient from './operations/RegisterClient.js';
import StartDeviceAuthorization from './operations/StartDeviceAuthorization.js';

export const ssoOperations: AnyOperation[] = [RegisterClient, StartDeviceAuthorization, CreateToken, ListAccounts, ListAccountRoles, GetRoleCredentials, Logout];
