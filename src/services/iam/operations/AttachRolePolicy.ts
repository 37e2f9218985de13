import { attachPolicy } from '../families.js';

/** iam:AttachRolePolicy — at most 10 managed policies per entity (LimitExceeded). */
export default attachPolicy('role');
