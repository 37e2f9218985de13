import { organizationsOperation } from '../organizations.js';

/** iam:EnableOrganizationsRootSessions — OrganizationNotFoundException: a Tessera account is in no organization. */
export default organizationsOperation('EnableOrganizationsRootSessions');
