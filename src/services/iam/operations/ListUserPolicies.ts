import { listInlinePolicies } from '../families.js';

/** iam:ListUserPolicies — inline policy names, paginated. */
export default listInlinePolicies('user');
