import { listAttachedPolicies } from '../families.js';

/** iam:ListAttachedUserPolicies */
export default listAttachedPolicies('user');
