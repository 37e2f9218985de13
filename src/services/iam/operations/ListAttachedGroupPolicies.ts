import { listAttachedPolicies } from '../families.js';

/** iam:ListAttachedGroupPolicies */
export default listAttachedPolicies('group');
