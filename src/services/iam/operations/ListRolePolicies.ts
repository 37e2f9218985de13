import { listInlinePolicies } from '../families.js';

/** iam:ListRolePolicies — inline policy names, paginated. */
export default listInlinePolicies('role');
