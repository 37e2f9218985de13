import { organizationsOperation } from '../organizations.js';

/** iam:DisableOrganizationsRootSessions — OrganizationNotFoundException: a Tessera account is in no organization. */
export default organizationsOperation('DisableOrganizationsRootSessions');
