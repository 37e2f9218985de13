import { organizationsOperation } from '../organizations.js';

/** iam:ListOrganizationsFeatures — OrganizationNotFoundException: a Tessera account is in no organization. */
export default organizationsOperation('ListOrganizationsFeatures');
