import { listInlinePolicies } from '../families.js';

/** iam:ListGroupPolicies — inline policy names, paginated. */
export default listInlinePolicies('group');
