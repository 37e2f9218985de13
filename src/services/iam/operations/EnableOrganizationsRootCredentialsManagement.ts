import { organizationsOperation } from '../organizations.js';

/** iam:EnableOrganizationsRootCredentialsManagement — OrganizationNotFoundException: a Tessera account is in no organization. */
export default organizationsOperation('EnableOrganizationsRootCredentialsManagement');
