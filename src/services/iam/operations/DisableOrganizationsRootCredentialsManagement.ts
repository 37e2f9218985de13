import { organizationsOperation } from '../organizations.js';

/** iam:DisableOrganizationsRootCredentialsManagement — OrganizationNotFoundException: a Tessera account is in no organization. */
export default organizationsOperation('DisableOrganizationsRootCredentialsManagement');
