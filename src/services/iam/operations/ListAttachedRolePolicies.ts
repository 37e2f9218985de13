import { listAttachedPolicies } from '../families.js';

/** iam:ListAttachedRolePolicies */
export default listAttachedPolicies('role');
